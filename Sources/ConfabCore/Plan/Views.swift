/// View models: plain values, filled into templates by name. Computed in plan so
/// templates hold no logic.

/// What every page's layout needs.
public struct SiteView: Sendable {
    public var title: String
    public var language: String
    public var homeHref: String
    public var styleHref: String
    public var version: String
}

public struct LinkView: Sendable, Equatable {
    public var href: String
    public var text: String
}

public struct IndexPageView: Sendable {
    public var site: SiteView
    public var pageTitle: String
    public var descriptionHTML: String
    public var hasSessions: Bool
    public var sessions: [SessionRowView]
    public var totals: String
}

public struct SessionRowView: Sendable {
    public var href: String
    public var date: String
    public var isoDate: String
    public var hashtag: String
    public var title: String
    public var messageCount: Int
    public var people: String
}

public struct SessionPageView: Sendable {
    public var site: SiteView
    public var pageTitle: String
    public var hashtag: String
    public var date: String
    public var isoDate: String
    public var start: String
    public var counts: String
    public var summaryHTML: String
    public var source: String
    public var messages: [MessageView]
}

public struct MessageView: Sendable {
    public var id: String
    /// Position in the transcript, for messages that have no time to show.
    public var number: Int
    public var author: String?
    public var role: String?
    public var isModerator: Bool
    /// Nil when the transcript records no time for the message.
    public var time: String?
    public var isoInstant: String
    /// `A1:`, shown apart from the text.
    public var label: String?
    /// The text without its label.
    public var text: String
    public var inReplyTo: ReplyView?
    public var quotes: [LinkView]
    /// `Reposted once`, for a message posted again later.
    public var reposted: String?
    public var knownOnlyFromQuote: Bool
}

public struct ReplyView: Sendable {
    /// `@a, @b`
    public var handles: String
    /// The message answered, when it is in the transcript.
    public var href: String?
}
