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
    /// Names and aliases of chat series, for series whose hashtag changed.
    public var series: [SeriesConfig]
    /// The owner's Markdown (`description`, `about.md`) may hold raw HTML. Off by
    /// default; never applies to anything from a transcript.
    public var rawHTML: Bool

    public init(
        title: String = "Chat archive",
        description: String = "",
        baseURL: String? = nil,
        language: String = "en",
        series: [SeriesConfig] = [],
        rawHTML: Bool = false
    ) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.language = language
        self.series = series
        self.rawHTML = rawHTML
    }

    /// The series key a hashtag belongs to: its own (lower-cased, without `#`) unless
    /// a configured series lists it as an alias.
    public func seriesKey(forTag tag: String) -> String {
        let key = tag.lowercased()
        return series.first { $0.aliases.contains(key) }?.key ?? key
    }
}

/// `series:` in `site.yaml`: one chat under several hashtags.
///
///     series:
///       badgechat:
///         name: "#BadgeChat"
///         aliases: [badgechatk12]
public struct SeriesConfig: Equatable, Sendable {
    /// Lower-cased tag without `#`.
    public var key: String
    public var name: String?
    /// Lower-cased tags without `#`.
    public var aliases: [String]

    public init(key: String, name: String? = nil, aliases: [String] = []) {
        self.key = key
        self.name = name
        self.aliases = aliases
    }
}
