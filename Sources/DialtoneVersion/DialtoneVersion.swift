/// The package's version, the one every command-line tool reports with `--version`.
public enum DialtoneVersion {
    /// Semantic version of this release (CHANGELOG.md).
    public static let current = "0.2.0"
}
