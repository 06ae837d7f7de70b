/// A deterministic automaton over the ten digits whose states carry a set of answers (a tag).
///
/// Two kinds are generated. A record's *type automaton*, built from every number-type pattern at
/// once, answers in the state reached after a whole national number: which descriptions
/// (``PlanDescription``) match. A shared calling code's *leading-digits automaton* gathers the tags
/// of every state it passes: which regions' leading-digits patterns match a prefix (`lookingAt`).
/// Layout: `u14` state count, then per state a tag (`u14`, or `u28` for leading digits) and ten
/// `u14` successors (`0x3FFF` = dead).
@usableFromInline
package struct DigitAutomaton: Sendable {
    @usableFromInline package let image: TableImage
    @usableFromInline package let offset: Int
    /// Bytes of each state's tag: 2 for type automata, 4 for leading-digits automata.
    @usableFromInline package let tagBytes: Int

    @usableFromInline static let dead = 0x3FFF

    @inlinable
    package init(image: TableImage, offset: Int, tagBytes: Int = 2) {
        self.image = image
        self.offset = offset
        self.tagBytes = tagBytes
    }

    /// Number of states.
    package var stateCount: Int { image.u14(offset) }

    /// The tag of the state reached after reading `digits` (values 0–9), 0 if none accepts.
    @inlinable
    package func tags(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        walk(digits, zero: 0, gathering: false)
    }

    /// ``tags(_:)`` over ASCII digits (`"0"`–`"9"`); the caller has checked they are digits.
    @inlinable
    package func tags(asciiDigits digits: UnsafeBufferPointer<UInt8>) -> Int {
        walk(digits, zero: 0x30, gathering: false)
    }

    /// The tags of every state passed while reading `digits`, or-ed: for a leading-digits
    /// automaton, the patterns that match some prefix.
    @inlinable
    package func gatheredTags(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        walk(digits, zero: 0, gathering: true)
    }

    @inlinable @inline(__always)
    func walk(_ digits: UnsafeBufferPointer<UInt8>, zero: UInt8, gathering: Bool) -> Int {
        let stride = tagBytes &+ 20
        let start = image.base + (offset &+ 2)
        var row = start
        var gathered = gathering ? tag(row) : 0
        for byte in digits {
            let cell = row + (tagBytes &+ 2 &* Int(byte &- zero))
            let state = Int((cell[0] &- 32) & 0x7F) | Int((cell[1] &- 32) & 0x7F) &<< 7
            if state == Self.dead { return gathered }
            row = start + state &* stride
            if gathering { gathered |= tag(row) }
        }
        return gathering ? gathered : tag(row)
    }

    @inlinable @inline(__always)
    func tag(_ p: UnsafePointer<UInt8>) -> Int {
        var value = Int((p[0] &- 32) & 0x7F) | Int((p[1] &- 32) & 0x7F) &<< 7
        if tagBytes == 4 {
            value |= Int((p[2] &- 32) & 0x7F) &<< 14 | Int((p[3] &- 32) & 0x7F) &<< 21
        }
        return value
    }
}
