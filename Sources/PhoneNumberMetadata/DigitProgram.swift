/// A compiled digit pattern that needs capture groups or prefix matching, run by a small
/// backtracking matcher with the priorities of Java and Python regular expressions (greedy
/// repetition, leftmost alternative first).
///
/// The generator compiles the few patterns libphonenumber matches this way (national prefix for
/// parsing, international prefixes, leading digits, number formats); the rest of the plan uses
/// ``DigitAutomaton``. Layout: `u7` group count, `u14` code length, then the code:
/// `1 mask:u14` (one digit in the set), `2 a:u14 b:u14` (try `a`, then `b`), `3 a:u14` (jump),
/// `4 slot:u7` (save position), `5` (end of input), `6` (match).
@usableFromInline
package struct DigitProgram: Sendable {
    @usableFromInline package let image: TableImage
    @usableFromInline package let offset: Int

    /// The most capture slots a program may use (nine groups, two slots each, plus slot 0/1 unused).
    package static let slotCount = 20
    /// Backtracking entries a match may keep pending; generated programs need far fewer.
    static let stackCapacity = 96
    /// Steps a match may take; generated programs on at most 250 digits need far fewer.
    static let stepBudget = 200_000

    @inlinable
    package init(image: TableImage, offset: Int) {
        self.image = image
        self.offset = offset
    }

    /// Number of capture groups.
    package var groupCount: Int { image.u7(offset) }

    /// Matches at `start` (a prefix match, like `lookingAt`/`re.match`) and returns the end.
    ///
    /// - Parameters:
    ///   - digits: digit values 0–9.
    ///   - captures: at least ``slotCount`` slots; slot `2g`/`2g+1` receive group `g`'s bounds, -1 if unset.
    ///   - wholeInput: require the match to end at the end of `digits` (a full match).
    package func match(
        _ digits: UnsafeBufferPointer<UInt8>, from start: Int = 0, wholeInput: Bool = false,
        captures: UnsafeMutableBufferPointer<Int16>
    ) -> Int? {
        // Only the program's own groups' slots can be saved or read.
        for i in 0..<min(Self.slotCount, 2 &* groupCount &+ 2) { captures[i] = -1 }
        let codeStart = offset &+ 3
        return withUnsafeTemporaryAllocation(of: (Int32, Int32).self, capacity: Self.stackCapacity) {
            stack -> Int? in
            // An entry (pc, pos) resumes at pc; (-1 - slot, value) restores a capture slot.
            var depth = 0
            var pc = 0
            var pos = start
            var steps = 0
            let end = digits.count
            while true {
                steps &+= 1
                if steps > Self.stepBudget { return nil }
                let op = image.u7(codeStart + pc)
                var failed = false
                switch op {
                case 1:
                    let mask = image.u14(codeStart + pc + 1)
                    if pos < end, (mask >> Int(digits[pos])) & 1 != 0 {
                        pos &+= 1
                        pc &+= 3
                    } else {
                        failed = true
                    }
                case 2:
                    guard depth < Self.stackCapacity else { return nil }
                    stack[depth] = (Int32(image.u14(codeStart + pc + 3)), Int32(pos))
                    depth &+= 1
                    pc = image.u14(codeStart + pc + 1)
                case 3:
                    pc = image.u14(codeStart + pc + 1)
                case 4:
                    let slot = image.u7(codeStart + pc + 1)
                    guard depth < Self.stackCapacity, slot < Self.slotCount else { return nil }
                    stack[depth] = (Int32(-1 - slot), Int32(captures[slot]))
                    depth &+= 1
                    captures[slot] = Int16(truncatingIfNeeded: pos)
                    pc &+= 2
                case 5:
                    if pos == end { pc &+= 1 } else { failed = true }
                case 6:
                    if !wholeInput || pos == end { return pos }
                    failed = true
                default:
                    return nil
                }
                if failed {
                    // Pop restore entries until an alternative to resume.
                    while true {
                        if depth == 0 { return nil }
                        depth &-= 1
                        let (a, b) = stack[depth]
                        if a < 0 {
                            captures[Int(-1 - a)] = Int16(truncatingIfNeeded: b)
                        } else {
                            pc = Int(a)
                            pos = Int(b)
                            break
                        }
                    }
                }
            }
        }
    }

    /// Whether the program matches a prefix of `digits` (`lookingAt`).
    package func matchesPrefix(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        withUnsafeTemporaryAllocation(of: Int16.self, capacity: Self.slotCount) {
            match(digits, captures: $0) != nil
        }
    }

    /// Whether the program matches all of `digits`.
    package func matchesWhole(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        withUnsafeTemporaryAllocation(of: Int16.self, capacity: Self.slotCount) {
            match(digits, wholeInput: true, captures: $0) != nil
        }
    }
}
