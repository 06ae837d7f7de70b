/// A region's number formats, in the order libphonenumber tries them.
///
/// Layout: `u7` count, then per format four `u21` offsets: the pattern program, the international
/// template, the national template (the national-prefix formatting rule already applied to the
/// first group), and the leading-digits program (0 when any number may use the format).
/// Templates are ASCII with `$1`…`$9` group references.
package struct FormatList: Sendable {
    package let image: TableImage
    package let offset: Int

    package var count: Int { image.u7(offset) }

    package subscript(index: Int) -> NumberFormatRule {
        NumberFormatRule(image: image, offset: offset + 1 + 12 * index)
    }
}

/// One number format of a ``FormatList``.
package struct NumberFormatRule: Sendable {
    package let image: TableImage
    package let offset: Int

    package var pattern: DigitProgram { DigitProgram(image: image, offset: image.u21(offset)) }
    package var internationalTemplateOffset: Int { image.u21(offset + 3) }
    package var nationalTemplateOffset: Int { image.u21(offset + 6) }
    package var leadingDigits: DigitProgram? {
        let target = image.u21(offset + 9)
        return target == 0 ? nil : DigitProgram(image: image, offset: target)
    }
}
