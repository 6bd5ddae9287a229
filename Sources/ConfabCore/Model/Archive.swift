import Foundation

/// The normalized archive: every session, and everyone who took part.
public struct Archive: Sendable {
    public var config: SiteConfig
    /// Oldest first; pages choose their own order.
    public var sessions: [Session]
    public var series: [Series]
    /// Everyone who wrote a message, by key.
    public var participants: [Participant]
    /// People named (`@x`, `In reply to @x`) who never wrote a message here.
    public var mentionedOnly: [MentionedPerson]

    public init(config: SiteConfig, sessions: [Session], series: [Series] = [],
                participants: [Participant], mentionedOnly: [MentionedPerson] = []) {
        self.config = config
        self.sessions = sessions
        self.series = series
        self.participants = participants
        self.mentionedOnly = mentionedOnly
    }

    public var messageCount: Int { sessions.reduce(0) { $0 + $1.messageCount } }
}

/// A calendar date as the transcript wrote it, with no time zone attached.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `2018-03-05`
    public var description: String {
        "\(year)-\(Wording.twoDigits(month))-\(Wording.twoDigits(day))"
    }
}

/// A wall-clock time as written (`6:30 PM EST`): minutes after local midnight and the zone.
public struct LocalTime: Hashable, Sendable {
    public var minutes: Int
    /// The abbreviation as written, e.g. `EST`.
    public var zone: String

    public init(minutes: Int, zone: String) {
        self.minutes = minutes
        self.zone = zone
    }

    /// `6:30 PM`, the way the transcripts write it.
    public var clockText: String {
        let hour24 = minutes / 60, minute = minutes % 60
        let hour12 = hour24 % 12 == 0 ? 12 : hour24 % 12
        return "\(hour12):\(minute < 10 ? "0" : "")\(minute) \(hour24 < 12 ? "AM" : "PM")"
    }
}

/// One chat: a transcript file turned into messages with times, authors and links.
public struct Session: Equatable, Sendable {
    /// The chat's hashtag without `#`, in lower case: the series key (`badgechat`).
    public var series: String
    /// The hashtag as the transcript's title writes it (`#BadgeChatK12`).
    public var hashtag: String
    public var title: String
    public var description: String
    public var date: LocalDate
    public var start: LocalTime
    /// The start as an instant.
    public var startInstant: Date
    public var messages: [Message]
    public var questions: [Question]
    /// Keys (lower-cased handles) of the people who wrote messages, most active first.
    public var authors: [AuthorCount]
    /// Roles written after handles (`- Moderator`), by participant key.
    public var roles: [String: [String]]
    /// Handles named in the session (mentions and reply targets), by key, as first written.
    public var mentioned: [String: String]
    public var source: SourceLocation
    public var format: SourceFormat
    /// The platform's channel, for a session cut from a channel's history; nil for a transcript.
    public var channel: Channel?
    /// Threads of replies, each under its first message, in the order of their roots.
    public var threads: [ChatThread]
    /// Joins, topic changes, pins: kept apart from the messages, in time order.
    public var events: [SystemEvent]
    /// Names of people the session shows who neither wrote nor were mentioned (who
    /// reacted), by key: pages name them without giving them a page.
    public var otherNames: [String: String]
    /// How a text log was read (layout, where its dates came from, the zone of its times), for `confab check`.
    public var reading: String?
    /// A whole meeting (a Zoom chat): never joined with another file's part of its day.
    public var isMeeting: Bool
    /// Messages the privacy settings took out (placeholders of them included), for `confab check`.
    public var privacyRemoved = 0

    public init(
        series: String, hashtag: String, title: String, description: String,
        date: LocalDate, start: LocalTime, startInstant: Date,
        messages: [Message], questions: [Question], authors: [AuthorCount],
        roles: [String: [String]] = [:], mentioned: [String: String] = [:],
        source: SourceLocation, format: SourceFormat,
        channel: Channel? = nil, threads: [ChatThread] = [], events: [SystemEvent] = [], otherNames: [String: String] = [:],
        reading: String? = nil, isMeeting: Bool = false
    ) {
        self.isMeeting = isMeeting
        self.reading = reading
        self.otherNames = otherNames
        self.channel = channel
        self.threads = threads
        self.events = events
        self.series = series
        self.hashtag = hashtag
        self.title = title
        self.description = description
        self.date = date
        self.start = start
        self.startInstant = startInstant
        self.messages = messages
        self.questions = questions
        self.authors = authors
        self.roles = roles
        self.mentioned = mentioned
        self.source = source
        self.format = format
    }

    /// Keys of the people who moderated, in order of their first message.
    public var moderators: [String] {
        var seen = Set<String>(), result: [String] = []
        for message in messages where message.isModerator {
            if let key = message.authorKey, seen.insert(key).inserted { result.append(key) }
        }
        return result
    }

    public var answerCount: Int { questions.reduce(0) { $0 + $1.answerIDs.count } }

    /// `badgechat-2018-03-05`: the name its page is given (with `-2` after it when taken),
    /// and what `privacy: remove` anchors name it by.
    public var pageName: String { "\(Slug.make(series))-\(date)" }

    /// Messages published in full: the places of removed ones are not counted.
    public var messageCount: Int { messages.reduce(0) { $1.isRemoved ? $0 : $0 + 1 } }
}

/// How many messages one person wrote in a session.
public struct AuthorCount: Hashable, Sendable {
    /// Lower-cased handle: the participant's key.
    public var key: String
    public var count: Int
}

/// One message of a session.
public struct Message: Hashable, Sendable {
    /// Stable within its session: `m1`, `m2`, … in transcript order.
    public var id: String
    /// The handle as written here; nil when the format records no authors.
    public var author: String?
    /// `Moderator`, or another role written after the handle.
    public var role: String?
    public var time: LocalTime
    public var instant: Date
    /// False when the transcript gives no time for the message and `time` is borrowed
    /// (the session's start in the plain format, the previous message's otherwise).
    public var timeIsWritten: Bool
    /// The text as written (line breaks kept), with mojibake repaired.
    public var text: String
    /// `Q1:` or `A1b:` at the start of the text, kept apart from the body.
    public var label: MessageLabel?
    /// Hashtags, mentions and URLs in `text`.
    public var entities: [TextEntity]
    /// Bold, code, quotes and the like, as the platform's markup gave them (its markers
    /// taken out of `text`); sorted by start, outer before inner.
    public var styles: [TextStyle]
    /// Handles named in `In reply to @a, @b`, as written, without `@`.
    public var replyTo: [String]
    /// The message this one answers: the latest earlier one by the first person named.
    public var inReplyToID: String?
    /// Messages quoted inside this one.
    public var quotedIDs: [String]
    /// Lines where the same message was posted again (retweets in the plain format).
    public var repostLines: [Int]
    /// True for a message that appears only inside another message's quote.
    public var knownOnlyFromQuote: Bool
    public var line: Int
    /// Who wrote it: the platform's identity, or (in a transcript) the handle.
    public var authorID: PersonID?
    /// The platform's id for the message, when it has one.
    public var nativeID: String?
    /// A message in a thread: the id of the thread's first message.
    public var threadRootID: String?
    public var isAction: Bool
    public var reactions: [Reaction]
    public var attachments: [Attachment]
    public var isEdited: Bool
    public var isPinned: Bool
    public var isBot: Bool
    /// Who first wrote a forwarded message.
    public var forwardedFrom: String?
    /// The message this one answers, when it is in another session (an earlier day).
    public var replyLink: MessageLink?
    /// Taken out by the privacy settings, kept only as the place that replies, quotes or
    /// a thread point at: no author, no text, nothing of what it said.
    public var isRemoved = false

    public init(
        id: String, author: String?, role: String?, time: LocalTime, instant: Date,
        timeIsWritten: Bool, text: String, label: MessageLabel? = nil, entities: [TextEntity] = [],
        styles: [TextStyle] = [], replyTo: [String] = [], inReplyToID: String? = nil, quotedIDs: [String] = [],
        repostLines: [Int] = [], knownOnlyFromQuote: Bool = false, line: Int,
        authorID: PersonID? = nil, nativeID: String? = nil, threadRootID: String? = nil, isAction: Bool = false,
        reactions: [Reaction] = [], attachments: [Attachment] = [], isEdited: Bool = false, isPinned: Bool = false,
        isBot: Bool = false, forwardedFrom: String? = nil, replyLink: MessageLink? = nil
    ) {
        self.replyLink = replyLink
        self.authorID = authorID ?? author.map { PersonID(handle: $0) }
        self.nativeID = nativeID
        self.threadRootID = threadRootID
        self.isAction = isAction
        self.reactions = reactions
        self.attachments = attachments
        self.isEdited = isEdited
        self.isPinned = isPinned
        self.isBot = isBot
        self.forwardedFrom = forwardedFrom
        self.id = id
        self.author = author
        self.role = role
        self.time = time
        self.instant = instant
        self.timeIsWritten = timeIsWritten
        self.text = text
        self.label = label
        self.entities = entities
        self.styles = styles
        self.replyTo = replyTo
        self.inReplyToID = inReplyToID
        self.quotedIDs = quotedIDs
        self.repostLines = repostLines
        self.knownOnlyFromQuote = knownOnlyFromQuote
        self.line = line
    }

    /// The participant key of the author.
    public var authorKey: String? { authorID?.key }

    public var isModerator: Bool { role?.lowercased() == "moderator" }

    /// The text without its label.
    public var body: String {
        guard let label, text.hasPrefix(label.raw) else { return text }
        return String(text.dropFirst(label.raw.count).drop { $0 == " " })
    }
}

/// The `Q1:` / `A2b:` label that opens a question or an answer.
public struct MessageLabel: Hashable, Sendable {
    public enum Kind: String, Sendable { case question, answer }
    public var kind: Kind
    public var number: Int
    /// As written, separator included: `A1b:`, `Q3)`, `a2 `.
    public var raw: String
}

/// A hashtag, mention or URL inside a message's text.
public struct TextEntity: Hashable, Sendable {
    public enum Kind: String, Sendable { case hashtag, mention, url }
    public var kind: Kind
    /// UTF-8 byte offsets into the message's `text`.
    public var range: Range<Int>
    /// The tag without `#`, the handle without `@`, or the URL.
    public var value: String
}

/// A span of a message's text shown in a style: the platform's markup (`*bold*`,
/// `<strong>`, a Telegram entity) with its markers taken out of the text.
public struct TextStyle: Hashable, Sendable {
    /// Raw values are the export's names. Declared from the outermost to the innermost,
    /// the order styles of one range nest in.
    public enum Kind: String, Sendable, CaseIterable {
        case quote, pre, spoiler, bold, italic, underline, strike, code

        /// A block of its own on the page (a code block, a quote) rather than a span of a line.
        public var isBlock: Bool { self == .quote || self == .pre }
        /// Shown as written: no other style inside.
        public var isLiteral: Bool { self == .code || self == .pre }
        /// The position in the nesting order: a smaller one goes outside.
        public var depth: Int {
            switch self {
            case .quote: 0
            case .pre: 1
            case .spoiler: 2
            case .bold: 3
            case .italic: 4
            case .underline: 5
            case .strike: 6
            case .code: 7
            }
        }
    }
    public var kind: Kind
    /// UTF-8 byte offsets into the message's `text`.
    public var range: Range<Int>

    public init(_ kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// The order messages keep styles in: by start, longer (outer) first, then by `depth`.
    public static func inOrder(_ a: TextStyle, _ b: TextStyle) -> Bool {
        (a.range.lowerBound, b.range.upperBound, a.kind.depth) < (b.range.lowerBound, a.range.upperBound, b.kind.depth)
    }
}

/// A numbered question of a session (`Q1: …`) and the messages that answer it (`A1: …`).
public struct Question: Hashable, Sendable {
    public var number: Int
    /// Nil when answers refer to a question the transcript does not contain.
    public var messageID: String?
    /// The question without its `Q1:` label; empty when the question is missing.
    public var text: String
    /// Messages labelled as answers to this question, in transcript order.
    public var answerIDs: [String]
    /// Messages that reply to or quote an answer (or such a reply): the answers' threads.
    public var replyIDs: [String]

    public init(number: Int, messageID: String?, text: String, answerIDs: [String] = [], replyIDs: [String] = []) {
        self.number = number
        self.messageID = messageID
        self.text = text
        self.answerIDs = answerIDs
        self.replyIDs = replyIDs
    }
}

/// Someone who wrote at least one message anywhere in the archive.
public struct Participant: Hashable, Sendable {
    /// Lower-cased handle, so `MrPowley` and `mrpowley` are one person.
    public var key: String
    /// The most frequent spelling.
    public var handle: String
    public var messageCount: Int
    public var sessionCount: Int
    /// Every role the person held in any session, sorted.
    public var roles: [String]

    public init(key: String, handle: String, messageCount: Int, sessionCount: Int, roles: [String] = []) {
        self.key = key
        self.handle = handle
        self.messageCount = messageCount
        self.sessionCount = sessionCount
        self.roles = roles
    }
}

/// Someone named in the archive who never wrote a message in it.
public struct MentionedPerson: Hashable, Sendable {
    public var key: String
    public var handle: String
    /// How many sessions name them.
    public var sessionCount: Int
}

/// A chat series: the sessions of one hashtag and its aliases.
public struct Series: Hashable, Sendable {
    /// Lower-cased tag without `#`: the canonical name.
    public var key: String
    /// `#BadgeChat`
    public var name: String
    /// Other tags (lower-cased, without `#`) that belong to this series.
    public var aliases: [String]
    /// Indices into `Archive.sessions`, oldest first.
    public var sessionIndices: [Int]
}

extension LocalDate {
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// `Monday, March 5, 2018`, the same on every machine whatever its locale.
    public var longText: String {
        "\(LocalDate.weekdayNames[TimeText.weekday(self)]), \(LocalDate.monthNames[month - 1]) \(day), \(year)"
    }
}

extension Session {
    /// Every link to a message of another session (a reply's, a thread note's), changed by
    /// `move`: for when a session is renamed or joined to another.
    mutating func moveLinks(_ move: (MessageLink) -> MessageLink) {
        for index in messages.indices { messages[index].replyLink = messages[index].replyLink.map(move) }
        for index in events.indices { events[index].link = events[index].link.map(move) }
    }
}

extension Archive {
    /// The handle to show for each key, participants and mentioned people alike.
    /// Builds a dictionary: call once, not in a loop.
    public func handleIndex() -> [String: String] {
        var handles: [String: String] = [:]
        for session in sessions where !session.otherNames.isEmpty {
            for (key, name) in session.otherNames where handles[key] == nil { handles[key] = name }
        }
        for person in mentionedOnly { handles[person.key] = person.handle }
        for person in participants { handles[person.key] = person.handle }
        return handles
    }
}
