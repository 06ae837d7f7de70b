/// A deterministic automaton over the ten digits whose accepting states carry a set of answers.
///
/// The generator builds one per plan record from every number-type pattern at once, so a single
/// walk over a national significant number tells which descriptions (``PlanDescription``) match.
/// Layout: `u14` state count, then per state a `u14` tag and ten `u14` successors (`0x3FFF` = dead).
package struct DigitAutomaton: Sendable {
    package let image: TableImage
    package let offset: Int

    static let dead = 0x3FFF
    static let stride = 22

    package init(image: TableImage, offset: Int) {
        self.image = image
        self.offset = offset
    }

    /// Number of states.
    package var stateCount: Int { image.u14(offset) }

    /// The tag bits of the state reached after reading `digits` (values 0–9), 0 if none accepts.
    package func tags(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        let base = offset + 2
        var state = 0
        for digit in digits {
            state = image.u14(base + state &* Self.stride &+ 2 &+ 2 &* Int(digit))
            if state == Self.dead { return 0 }
        }
        return image.u14(base + state &* Self.stride)
    }
}
