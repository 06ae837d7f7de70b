/// For a calling code shared by several regions, one automaton over all of their leading-digits
/// patterns: walking a national number tells which regions' patterns match a prefix of it
/// (libphonenumber's `lookingAt`), without running each region's pattern in turn.
///
/// Layout: `u14` state count, then per state a `u28` tag (bit `i`: the `i`-th region of the calling
/// code's list) and ten `u14` successors (`0x3FFF` = dead). Tags are gathered along the walk, so a
/// region counts as soon as any prefix matches its pattern.
@usableFromInline
package struct LeadingDigitsAutomaton: Sendable {
    @usableFromInline package let image: TableImage
    @usableFromInline package let offset: Int

    @usableFromInline static let dead = 0x3FFF
    @usableFromInline static let stride = 24

    @inlinable
    package init(image: TableImage, offset: Int) {
        self.image = image
        self.offset = offset
    }

    /// Bit `i` set when the `i`-th region's leading-digits pattern matches a prefix of `digits`.
    @inlinable
    package func matchedRegions(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        let start = image.base + (offset &+ 2)
        var row = start
        var matched = Self.tag(row)
        for digit in digits {
            let cell = row + (4 &+ 2 &* Int(digit))
            let state = Int((cell[0] &- 32) & 0x7F) | Int((cell[1] &- 32) & 0x7F) &<< 7
            if state == Self.dead { break }
            row = start + state &* Self.stride
            matched |= Self.tag(row)
        }
        return matched
    }

    @inlinable @inline(__always)
    static func tag(_ p: UnsafePointer<UInt8>) -> Int {
        Int((p[0] &- 32) & 0x7F) | Int((p[1] &- 32) & 0x7F) &<< 7 | Int((p[2] &- 32) & 0x7F) &<< 14
            | Int((p[3] &- 32) & 0x7F) &<< 21
    }
}
