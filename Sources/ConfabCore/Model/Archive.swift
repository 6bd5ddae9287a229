import Foundation

/// The normalized archive: every session, and everyone who took part.
public struct Archive: Sendable {
    public var config: SiteConfig
    /// Oldest first; pages choose their own order.
    public var sessions: [Session]
    public var participants: [Participant]

    public init(config: SiteConfig, sessions: [Session], participants: [Participant]) {
        self.config = config
        self.sessions = sessions
        self.participants = participants
    }

    public var messageCount: Int { sessions.reduce(0) { $0 + $1.messages.count } }
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
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(pad(month))-\(pad(day))"
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
public struct Session: Sendable {
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
    public var source: SourceLocation
    public var format: TranscriptFormat

    public init(
        series: String, hashtag: String, title: String, description: String,
        date: LocalDate, start: LocalTime, startInstant: Date,
        messages: [Message], questions: [Question], authors: [AuthorCount],
        source: SourceLocation, format: TranscriptFormat
    ) {
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
        self.source = source
        self.format = format
    }

    public var moderators: [String] {
        var seen = Set<String>(), result: [String] = []
        for message in messages where message.role == "Moderator" {
            if let author = message.author, seen.insert(author.lowercased()).inserted { result.append(author) }
        }
        return result
    }
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
    /// False when the format records no per-message time and `time` is the session's start.
    public var timeIsWritten: Bool
    public var text: String
    /// Handles named in `In reply to @a, @b`, as written, without `@`.
    public var replyTo: [String]
    /// The message this one answers, when one by the first named person came before it.
    public var inReplyToID: String?
    /// Messages quoted inside this one.
    public var quotedIDs: [String]
    /// The earlier message this one repeats word for word (a retweet in the plain format).
    public var repeatOfID: String?
    /// True for a message that appears only inside another message's quote.
    public var knownOnlyFromQuote: Bool
    public var line: Int

    public init(
        id: String, author: String?, role: String?, time: LocalTime, instant: Date,
        timeIsWritten: Bool, text: String, replyTo: [String] = [], inReplyToID: String? = nil,
        quotedIDs: [String] = [], repeatOfID: String? = nil, knownOnlyFromQuote: Bool = false, line: Int
    ) {
        self.id = id
        self.author = author
        self.role = role
        self.time = time
        self.instant = instant
        self.timeIsWritten = timeIsWritten
        self.text = text
        self.replyTo = replyTo
        self.inReplyToID = inReplyToID
        self.quotedIDs = quotedIDs
        self.repeatOfID = repeatOfID
        self.knownOnlyFromQuote = knownOnlyFromQuote
        self.line = line
    }
}

/// A numbered question of a session (`Q1: …`) and the messages that answer it (`A1: …`).
public struct Question: Hashable, Sendable {
    public var number: Int
    /// Nil when answers refer to a question the transcript does not contain.
    public var messageID: String?
    /// The question without its `Q1:` label; empty when the question is missing.
    public var text: String
    public var answerIDs: [String]
}

/// Someone who wrote at least one message anywhere in the archive.
public struct Participant: Hashable, Sendable {
    /// Lower-cased handle, so `MrPowley` and `mrpowley` are one person.
    public var key: String
    /// The most frequent spelling.
    public var handle: String
    public var messageCount: Int
    public var sessionCount: Int
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

extension Archive {
    public var participantsByKey: [String: Participant] {
        Dictionary(uniqueKeysWithValues: participants.map { ($0.key, $0) })
    }
}
