/// A deterministic automaton over the ten digits whose accepting states carry a set of answers.
///
/// The generator builds one per plan record from every number-type pattern at once, so a single
/// walk over a national significant number tells which descriptions (``PlanDescription``) match.
/// Layout: `u14` state count, then per state a `u14` tag and ten `u14` successors (`0x3FFF` = dead).
@usableFromInline
package struct DigitAutomaton: Sendable {
    @usableFromInline package let image: TableImage
    @usableFromInline package let offset: Int

    @usableFromInline static let dead = 0x3FFF
    @usableFromInline static let stride = 22

    @inlinable
    package init(image: TableImage, offset: Int) {
        self.image = image
        self.offset = offset
    }

    /// Number of states.
    package var stateCount: Int { image.u14(offset) }

    /// The tag bits of the state reached after reading `digits` (values 0–9), 0 if none accepts.
    @inlinable
    package func tags(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        // Each state is a u14 tag then ten u14 successors; `row` points at the current state.
        let start = image.base + (offset &+ 2)
        var row = start
        for digit in digits {
            let cell = row + (2 &+ 2 &* Int(digit))
            let state = Int((cell[0] &- 32) & 0x7F) | Int((cell[1] &- 32) & 0x7F) &<< 7
            if state == Self.dead { return 0 }
            row = start + state &* Self.stride
        }
        return Int((row[0] &- 32) & 0x7F) | Int((row[1] &- 32) & 0x7F) &<< 7
    }

    /// ``tags(_:)`` over ASCII digits (`"0"`–`"9"`); the caller has checked they are digits.
    @inlinable
    package func tags(asciiDigits digits: UnsafeBufferPointer<UInt8>) -> Int {
        let start = image.base + (offset &+ 2)
        var row = start
        for byte in digits {
            let cell = row + (2 &+ 2 &* Int(byte &- 0x30))
            let state = Int((cell[0] &- 32) & 0x7F) | Int((cell[1] &- 32) & 0x7F) &<< 7
            if state == Self.dead { return 0 }
            row = start + state &* Self.stride
        }
        return Int((row[0] &- 32) & 0x7F) | Int((row[1] &- 32) & 0x7F) &<< 7
    }
}
