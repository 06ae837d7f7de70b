package struct TableImage: Sendable {
    package init() {}
}
