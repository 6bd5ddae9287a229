/// View models: plain values filled into templates by name, computed in plan so
/// templates hold no logic. Every `href` is relative to the page it is on.
public protocol PageView: TemplateObject, Sendable {
    var site: SiteView { get }
    /// The trail above the page; empty on top-level pages.
    var breadcrumbs: [LinkView] { get }
}

/// Links to the previous and next page of a sequence; nil when there is neither.
public struct PagerView: Sendable {
    public var label: String
    public var previous: LinkView?
    public var next: LinkView?

    init?(label: String, previous: LinkView?, next: LinkView?) {
        guard previous != nil || next != nil else { return nil }
        self.label = label
        self.previous = previous
        self.next = next
    }
}

/// What every page's layout needs.
public struct SiteView: Sendable {
    public var title: String
    public var language: String
    public var version: String
    public var homeHref: String
    public var styleHref: String
    public var nav: [NavLink]
    /// The search page, for the header's search box; nil on the search page itself.
    public var searchHref: String?
    /// The Atom feed's absolute address, when there is a feed.
    public var feedURL: String?
    /// The page asks search engines not to index it (`noindex` for the site or its series).
    public var noindex: Bool
}

public struct NavLink: Sendable, Equatable {
    public var href: String
    public var text: String
    /// The page is this link's target (or inside its section).
    public var current: Bool
}

public struct LinkView: Sendable, Equatable {
    public var href: String
    public var text: String
}

/// One message as every page shows it: an h-entry whose `u-url` is its permalink.
public struct MessageView: Sendable {
    /// The element id: set on the session page, where the permalink points.
    public var anchorID: String?
    public var permalink: String
    /// Position in the session, shown when the message has no time.
    public var number: Int
    public var author: LinkView?
    public var role: String?
    public var isModerator: Bool
    public var time: String?
    /// Local time with its offset (`2018-03-05T18:30:00-05:00`), UTC when the zone is unknown,
    /// or only the date when the transcript gives the message no time.
    public var published: String
    /// `SenorG at 6:30 PM`, for the permalink's accessible name.
    public var summary: String
    public var label: String?
    /// The text without its label, escaped, with hashtags, mentions and URLs linked and styles shown.
    public var textHTML: String
    /// `p`, or `div` when the text holds a code block or a quote (which a paragraph cannot).
    public var textTag: String
    public var inReplyTo: ReplyView?
    public var quotes: [QuoteView]
    public var reposted: String?
    public var knownOnlyFromQuote: Bool
    /// `/me waves`: shown as the author doing it.
    public var isAction: Bool
    /// `edited`, `pinned`, `bot`: shown after the author.
    public var marks: [String]
    public var forwardedFrom: String?
    public var reactions: [ReactionView]
    public var attachments: [AttachmentView]
    /// On its session page, a thread's first message holds the thread's replies.
    public var thread: ThreadView?
    /// A reply in a thread shown away from the thread (a person's page): the thread's first message.
    public var threadRoot: LinkView?
    /// Joins, topic changes and other events just before this message, collapsed.
    public var events: EventsView?
}

public struct ReplyView: Sendable {
    /// The people named, each linked to their page when they have one.
    public var people: [LinkView]
    /// The message answered, when it is in the transcript: `Kyle_Clements1’s message at 6:36 PM`.
    public var message: LinkView?
    /// Both people and the message are shown: a separator goes between them.
    public var separator: Bool
}

/// An emoji reaction: the emoji, how many, and who (as text, not a tooltip).
public struct ReactionView: Sendable {
    public var emoji: String
    public var count: Int
    /// `👍 2: Ana, Ben Kowalski` for screen readers and the page's text.
    public var label: String
}

/// A file attached to a message: the site's own copy, shown (an image) or offered (any other
/// file), or a link to the platform; never loaded from the platform.
public struct AttachmentView: Sendable {
    public var name: String
    /// `image/png, 47 KB`
    public var detail: String?
    /// The site's copy of an image the export holds, shown on the page.
    public var image: String?
    /// The site's copy of any other file the export holds, saved as `downloadName`.
    public var download: String?
    public var downloadName: String?
    /// The platform's web address of a file the export does not hold.
    public var link: String?
    /// What the platform's link takes: `on the platform, needs a login`.
    public var note: String?
}

public struct ThreadView: Sendable {
    /// `3 replies`
    public var summary: String
    /// Short threads are shown open; long ones open on a click, with no script.
    public var open: Bool
    public var replies: [MessageView]
}

/// Events of the channel between two messages, collapsed to one line.
public struct EventsView: Sendable {
    public var summary: String
    public var open: Bool
    public var items: [EventItemView]
}

public struct EventItemView: Sendable {
    public var time: String
    /// The instant with its offset, for `<time datetime>`.
    public var published: String
    public var text: String
    /// For a reply shown with its thread on another day: its permalink there.
    public var href: String?
}

public struct QuoteView: Sendable {
    public var href: String
    public var author: String
    public var time: String?
    public var textHTML: String
    public var textTag: String
}

/// An inline SVG drawn at build time, with its text alternative inside.
public struct ChartView: Sendable {
    /// A visible caption; the SVG also carries a title and a description for screen readers.
    public var caption: String
    public var svg: String
}

public struct SessionRowView: Sendable {
    public var href: String
    public var date: String
    public var isoDate: String
    public var series: LinkView
    /// The first question, or the title when there is none.
    public var headline: String
    public var counts: String
}

public struct YearView: Sendable {
    public var year: String
    public var sessions: [SessionRowView]
}

public struct IndexPageView: PageView {
    public var site: SiteView
    public var breadcrumbs: [LinkView] = []
    public var pageTitle: String
    public var descriptionHTML: String
    public var totals: String
    public var sections: [LinkView]
    public var chart: ChartView?
    public var hasSessions: Bool
    public var years: [YearView]
}

public struct QuestionHeadingView: Sendable {
    public var anchorID: String
    public var title: String
    public var text: String
    public var href: String
    public var answers: String
}

public struct TranscriptSectionView: Sendable {
    public var question: QuestionHeadingView?
    public var messages: [MessageView]
}

public struct SessionPageView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var hashtag: String
    public var date: String
    public var isoDate: String
    public var start: String
    public var counts: String
    public var series: LinkView
    public var summaryHTML: String
    /// The recap's Markdown file beside the page.
    public var recapHref: String
    public var chart: ChartView?
    public var sections: [TranscriptSectionView]
    /// Events after the last message.
    public var events: EventsView?
    public var pager: PagerView?
    public var source: String
}

public struct PersonRowView: Sendable {
    public var href: String
    public var handle: String
    public var roles: String?
    public var messages: Int
    public var answers: Int
    public var sessions: Int
    public var span: String
}

public struct PeopleIndexView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var orders: [NavLink]
    public var people: [PersonRowView]
    public var mentioned: [LinkView]
}

public struct StatView: Sendable {
    public var label: String
    public var value: String
}

public struct PersonSessionView: Sendable {
    public var session: LinkView
    public var series: String
    public var messages: [MessageView]
}

public struct PersonPageView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var handle: String
    public var roles: String?
    public var mentionedOnly: Bool
    public var stats: [StatView]
    public var firstSeen: LinkView?
    public var lastSeen: LinkView?
    public var repliesTo: [LinkView]
    public var chart: ChartView?
    public var sessions: [PersonSessionView]
    /// For someone only mentioned: the messages that name them.
    public var mentions: [PersonSessionView]
}

public struct QuestionRowView: Sendable {
    public var href: String
    public var title: String
    public var text: String
    public var answers: String
}

public struct QuestionGroupView: Sendable {
    public var session: LinkView
    public var series: String
    public var questions: [QuestionRowView]
}

public struct QuestionsIndexView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var totals: String
    public var groups: [QuestionGroupView]
}

public struct AnswerView: Sendable {
    public var message: MessageView
    public var replies: [MessageView]
}

public struct QuestionPageView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var title: String
    public var text: String
    public var session: LinkView
    /// The question as posted; nil when only its answers are in the transcript.
    public var asked: MessageView?
    public var answerCount: String
    public var answers: [AnswerView]
    public var questionReplies: [MessageView]
    public var pager: PagerView?
}

public struct SeriesRowView: Sendable {
    public var href: String
    public var name: String
    public var aliases: String?
    public var sessions: String
    public var span: String
}

public struct SeriesIndexView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var series: [SeriesRowView]
}

public struct RegularView: Sendable {
    public var person: LinkView
    /// `3 sessions · 40 messages`
    public var counts: String
}

public struct SeriesPageView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var name: String
    public var aliases: String?
    public var totals: String
    public var sessions: [SessionRowView]
    public var regulars: [RegularView]
}

/// Every message that uses a hashtag other than a series' own.
public struct TagPageView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var tag: String
    public var counts: String
    public var sessions: [PersonSessionView]
}

/// `search.html`: the form and the scripts that search the index from `file://`.
public struct SearchPageView: PageView {
    public var site: SiteView
    public var breadcrumbs: [LinkView] = []
    public var pageTitle: String
    public var series: [String]
    /// Slack, Telegram, Twitter chat…: a filter only when the archive holds more than one.
    public var platforms: [String]
}

/// The about page and the 404 page: a heading and some HTML.
public struct TextPageView: PageView {
    public var site: SiteView
    public var pageTitle: String
    public var breadcrumbs: [LinkView]
    public var bodyHTML: String
}
