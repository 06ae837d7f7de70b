/// A deterministic automaton over the ten digits whose states carry a set of answers (a tag).
///
/// Two kinds are generated. A record's *type automaton*, built from every number-type pattern at
/// once, answers in the state reached after a whole national number: which descriptions
/// (``PlanDescription``) match. A shared calling code's *leading-digits automaton* gathers the tags
/// of every state it passes: which regions' leading-digits patterns match a prefix (`lookingAt`).
/// Layout: `u14` state count, then per state (24 bytes) a `u28` tag and ten `u14` successors
/// (`0x3FFF` = dead).
@usableFromInline
package struct DigitAutomaton: Sendable {
    @usableFromInline package let image: TableImage
    @usableFromInline package let offset: Int

    @usableFromInline static let dead = 0x3FFF
    /// Bytes per state: a 4-byte tag and ten 2-byte successors.
    @usableFromInline static let stateBytes = 24

    @inlinable @inline(__always)
    package init(image: TableImage, offset: Int) {
        self.image = image
        self.offset = offset
    }

    /// Number of states.
    package var stateCount: Int { image.u14(offset) }

    /// The tag of the state reached after reading `digits` (values 0–9), 0 if none accepts.
    @inlinable @inline(__always)
    package func tags(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        walk(digits, zero: 0)
    }

    /// ``tags(_:)`` over ASCII digits (`"0"`–`"9"`); the caller has checked they are digits.
    @inlinable @inline(__always)
    package func tags(asciiDigits digits: UnsafeBufferPointer<UInt8>) -> Int {
        walk(digits, zero: 0x30)
    }

    /// The tags of every state passed while reading `digits`, or-ed: for a leading-digits
    /// automaton, the patterns that match some prefix.
    @inlinable
    package func gatheredTags(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        let states = UnsafeRawPointer(image.base + (offset &+ 2))
        var row = 0
        var gathered = Self.tag(states)
        for byte in digits {
            let state = Self.successor(states, row, Int(byte))
            if state == Self.dead { return gathered }
            row = state &* Self.stateBytes
            gathered |= Self.tag(states + row)
        }
        return gathered
    }

    /// Bits of a type automaton's tag that hold answers; bits 21–25 hold the state's run length.
    @usableFromInline static let answerMask = 1 &<< 21 &- 1

    // The walk is a chain of dependent loads, so each step is kept short: one 2-byte load, the
    // 7-bit shift undone on both bytes at once, and the next state's row reached by a scaled
    // address. Runs of states that read any digit alike are numbered consecutively by the
    // generator, and their length is in the tag's fourth byte: such a run is crossed in one step.
    @inlinable @inline(__always)
    func walk(_ digits: UnsafeBufferPointer<UInt8>, zero: UInt8) -> Int {
        let states = UnsafeRawPointer(image.base + (offset &+ 2))
        guard let base = digits.baseAddress else { return Self.tag(states) & Self.answerMask }
        let count = digits.count
        var state = 0
        var i = 0
        // Both the run and the one-digit step are computed and one is selected, without a branch:
        // which of the two comes next differs from number to number.
        while i < count {
            let row = state &* Self.stateBytes
            let run = Int((states.load(fromByteOffset: row &+ 3, as: UInt8.self) &+ 0x60) & 0x1F)
            let next = Self.successor(states, row, Int(base[i] &- zero))
            let step = min(run, count &- i)
            let inRun = run != 0
            if !inRun, next == Self.dead { return 0 }
            state = inRun ? state &+ step : next
            i &+= inRun ? step : 1
        }
        return Self.tag(states + state &* Self.stateBytes) & Self.answerMask
    }

    /// The successor of the state at byte `row` on `digit`: a `u14` read as one 2-byte load with
    /// the 7-bit shift undone on both bytes at once (`(b + 96) & 127` is `(b - 32) mod 128`, and
    /// no byte carries into the next).
    @inlinable @inline(__always)
    static func successor(_ states: UnsafeRawPointer, _ row: Int, _ digit: Int) -> Int {
        let cell = states.loadUnaligned(fromByteOffset: row &+ 4 &+ 2 &* digit, as: UInt16.self)
        let x = UInt16(littleEndian: cell) &+ 0x6060
        return Int(x & 0x7F) | Int(x &>> 1 & 0x3F80)
    }

    /// A state's `u28` tag, read as one 4-byte load.
    @inlinable @inline(__always)
    static func tag(_ p: UnsafeRawPointer) -> Int {
        let x = UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)) &+ 0x6060_6060
        return Int(x & 0x7F) | Int(x &>> 1 & 0x3F80) | Int(x &>> 2 & 0x1F_C000) | Int(x &>> 3 & 0xFE0_0000)
    }
}
