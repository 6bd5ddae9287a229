import Foundation

/// What a platform's export says about one channel, before any interpretation beyond
/// its own syntax: the read stage's output for every format but the Twitter-chat
/// transcripts. Times are instants (each reader parses its own timestamps); people are
/// named by the platform's ids where it has them.
public struct RawConversation: Sendable, Equatable {
    public var format: SourceFormat
    public var channel: RawChannel
    /// Native id → what the export says about the person.
    public var users: [String: RawUser]
    /// In the export's order; normalize sorts by time.
    public var events: [RawEvent]
    /// The file the conversation came from (its first file, for a channel of many).
    public var source: SourceLocation
    /// For a text log: its layout, where its dates came from, the zone of its times.
    /// A log with no date (`.none`) has its times on 1970-01-01 and becomes one session.
    public var note: ReadingNote?
    /// A meeting's chat (Zoom): one session whatever the day split, even when it runs past midnight.
    public var isMeeting: Bool
    /// A direct or private chat (Slack DMs and group DMs, Telegram personal chats, Discord
    /// DMs…), as the export's own structure says: published only when the settings say
    /// `privacy: private_messages: true` (`PrivateMessages`, in normalize, decides).
    public var isPrivate: Bool

    public init(format: SourceFormat, channel: RawChannel, users: [String: RawUser] = [:], events: [RawEvent], source: SourceLocation,
                note: ReadingNote? = nil, isMeeting: Bool = false, isPrivate: Bool = false) {
        self.isMeeting = isMeeting
        self.isPrivate = isPrivate
        self.format = format
        self.channel = channel
        self.users = users
        self.events = events
        self.source = source
        self.note = note
    }
}

public struct RawChannel: Sendable, Equatable {
    /// `slack`, `discord`, `telegram`, `matrix`, `mattermost`, `zulip`: the people's
    /// identities are `platform:id`.
    public var platform: String
    /// The workspace, guild, server or realm, when the export names it.
    public var workspace: String?
    /// `core-dev-help`, `General Chat`, a Telegram chat's title.
    public var name: String
    /// The native id, when the export gives one.
    public var id: String?
    public var topic: String?
    /// `#` for channels whose names are written with one (Slack, Discord, IRC).
    public var prefix: String

    public init(platform: String, workspace: String? = nil, name: String, id: String? = nil, topic: String? = nil, prefix: String = "") {
        self.platform = platform
        self.workspace = workspace
        self.name = name
        self.id = id
        self.topic = topic
        self.prefix = prefix
    }
}

public struct RawUser: Sendable, Equatable {
    /// The account name (`cybergeorge2020`), when there is one.
    public var username: String?
    /// The name people see (`Tomek Gieorgijewski`).
    public var displayName: String?
    public var isBot: Bool

    public init(username: String? = nil, displayName: String? = nil, isBot: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.isBot = isBot
    }

    /// The name to show: the display name, else the account name.
    public var shownName: String? { displayName.flatMap { $0.isEmpty ? nil : $0 } ?? username.flatMap { $0.isEmpty ? nil : $0 } }
}

/// Who wrote an event: the platform's id, or only a name where the export has no ids.
public enum RawAuthor: Sendable, Equatable, Hashable {
    case id(String)
    case name(String)
}

/// One message or system event of a conversation.
public struct RawEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case message
        /// `/me waves`: a message in the third person.
        case action
        /// Joins, topic changes, pins: shown collapsed, never counted as messages.
        case system
    }

    public var kind: Kind
    /// The platform's id of the message, when it has one.
    public var id: String?
    public var author: RawAuthor?
    /// The name shown on this very message (Slack's `user_profile`, a Discord nickname).
    public var authorName: String?
    public var time: Date
    /// Plain text: the platform's markup already resolved to text, its style markers taken out.
    public var text: String
    /// Mentions, links and styles the export marks up, as UTF-8 ranges of `text`.
    public var marks: [RawMark]
    /// The native id of the message this one replies to.
    public var replyTo: String?
    /// The native id of the thread's root, for a message posted in a thread.
    public var threadID: String?
    public var reactions: [RawReaction]
    public var attachments: [RawAttachment]
    public var isEdited: Bool
    public var isPinned: Bool
    public var isBot: Bool
    /// For a forwarded message: who wrote it first.
    public var forwardedFrom: String?
    /// A message sent privately inside a chat that is not (Zoom's `to Bob(Direct Message)`):
    /// published only as a private chat's would be.
    public var isPrivate: Bool
    /// Where the event is in its file (a line, or the file alone in JSON).
    public var location: SourceLocation

    public init(kind: Kind = .message, id: String? = nil, author: RawAuthor? = nil, authorName: String? = nil, time: Date,
                text: String, marks: [RawMark] = [], replyTo: String? = nil, threadID: String? = nil,
                reactions: [RawReaction] = [], attachments: [RawAttachment] = [], isEdited: Bool = false,
                isPinned: Bool = false, isBot: Bool = false, forwardedFrom: String? = nil, isPrivate: Bool = false,
                location: SourceLocation) {
        self.isPrivate = isPrivate
        self.kind = kind
        self.id = id
        self.author = author
        self.authorName = authorName
        self.time = time
        self.text = text
        self.marks = marks
        self.replyTo = replyTo
        self.threadID = threadID
        self.reactions = reactions
        self.attachments = attachments
        self.isEdited = isEdited
        self.isPinned = isPinned
        self.isBot = isBot
        self.forwardedFrom = forwardedFrom
        self.location = location
    }
}

/// A span of an event's text that the export marked up.
public struct RawMark: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A person, by the platform's id.
        case mention(String)
        case link(String)
        /// Bold, code, a quote…: the markers that said so are no longer in the text.
        case style(TextStyle.Kind)
    }
    public var kind: Kind
    /// UTF-8 offsets into the event's text.
    public var range: Range<Int>

    public init(_ kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// Text with marks, built piece by piece by the readers that resolve a platform's markup.
public struct MarkedText: Sendable, Equatable {
    public private(set) var text = ""
    public private(set) var marks: [RawMark] = []

    public init() {}

    public mutating func append(_ piece: String) { text += piece }

    public mutating func append(_ piece: String, _ kind: RawMark.Kind) {
        let start = text.utf8.count
        text += piece
        if !piece.isEmpty { marks.append(RawMark(kind, range: start..<text.utf8.count)) }
    }

    /// Another marked text after this one, its marks moved along.
    public mutating func append(_ other: MarkedText) {
        let start = text.utf8.count
        text += other.text
        marks += other.marks.map { RawMark($0.kind, range: ($0.range.lowerBound + start)..<($0.range.upperBound + start)) }
    }

    /// The text's length in UTF-8 bytes: where the next piece starts.
    public var count: Int { text.utf8.count }

    /// Marks what was appended since `start` (a `count` taken before); nothing when that is empty.
    public mutating func mark(_ kind: RawMark.Kind, from start: Int) {
        let end = text.utf8.count
        if start >= 0, start < end { marks.append(RawMark(kind, range: start..<end)) }
    }

    /// A text and marks already worked out (by `InlineMarkup`).
    public init(text: String, marks: [RawMark]) {
        self.text = text
        self.marks = marks
    }
}

public struct RawReaction: Sendable, Equatable {
    /// The emoji itself, or `:name:` for a custom one (never its image).
    public var emoji: String
    public var count: Int
    /// Native ids of who reacted, when the export lists them.
    public var users: [String]

    public init(emoji: String, count: Int, users: [String] = []) {
        self.emoji = emoji
        self.count = count
        self.users = users
    }
}

/// A file attached to a message: the model's own type, as the export describes it.
public typealias RawAttachment = Attachment
