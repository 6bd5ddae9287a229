/// The site's settings, from `content/site.yaml`. Every field has a default,
/// so a site without the file still builds.
public struct SiteConfig: Equatable, Sendable {
    public var title: String
    /// Markdown, written by the site's owner.
    public var description: String
    /// Absolute URL of the published site (for feeds); pages never need it.
    public var baseURL: String?
    /// BCP 47 language tag for `<html lang>`.
    public var language: String

    public init(
        title: String = "Chat archive",
        description: String = "",
        baseURL: String? = nil,
        language: String = "en"
    ) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.language = language
    }
}
