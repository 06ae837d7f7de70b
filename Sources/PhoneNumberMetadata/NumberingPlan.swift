/// The numbering plans of every region and non-geographic calling code, read in place from an
/// embedded table image.
///
/// A plan is a small immutable value; pass it where numbers are parsed and formatted.
/// ``bundled`` is the image generated from the pinned libphonenumber metadata.
public struct NumberingPlan: Sendable {
    package let image: TableImage

    package init(image: TableImage) {
        self.image = image
    }
}
