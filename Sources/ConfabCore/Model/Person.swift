/// Who wrote or was named: a platform and the id it gives the person (Slack `U061A5N1G`,
/// a Discord snowflake, Telegram `user123`, Matrix `@ana:example.org`), or the
/// case-folded name where the export has no ids (a Twitter handle, an IRC nick).
public struct PersonID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The platform of Twitter-chat transcripts, whose people are their handles.
    public static let transcript = "twitter"

    public let platform: String
    public let native: String
    /// What pages, links, the cache and the export know the person by, case-folded: a
    /// transcript's handle alone (`senorg`), otherwise `platform:id` (`slack:u061a5n1g`).
    public let key: String

    public init(platform: String, native: String) {
        self.platform = platform.lowercased()
        self.native = native
        key = self.platform == Self.transcript ? native.lowercased() : "\(self.platform):\(native)".lowercased()
    }

    /// A transcript's author, by handle.
    public init(handle: String) { self.init(platform: Self.transcript, native: handle.lowercased()) }

    /// `slack:U061A5N1G` or `twitter:SenorG` as the settings write it; a bare name is a Twitter handle.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex, !trimmed.hasPrefix("@") {
            self.init(platform: String(trimmed[..<colon]), native: String(trimmed[trimmed.index(after: colon)...]))
        } else {
            self.init(handle: String(trimmed.drop { $0 == "@" }))
        }
    }

    public static func < (a: PersonID, b: PersonID) -> Bool { a.key < b.key }

    public static func == (a: PersonID, b: PersonID) -> Bool { a.key == b.key }

    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    public var description: String { key }
}

/// An emoji reaction to a message: how many gave it, and who, when the export says.
public struct Reaction: Hashable, Sendable {
    /// The emoji, or `:name:` for a custom one.
    public var emoji: String
    public var count: Int
    /// Keys of the people who reacted, as far as the export lists them.
    public var people: [String]

    public init(emoji: String, count: Int, people: [String] = []) {
        self.emoji = emoji
        self.count = count
        self.people = people
    }
}

/// A file attached to a message. Pages never load it from the platform's servers: a
/// copy the export holds is shown or offered from the site itself, a web address only linked.
public struct Attachment: Hashable, Sendable {
    public var name: String
    /// A media type or the platform's kind of file.
    public var type: String?
    public var size: Int?
    /// Where the export holds the file, as the user knows it (`content/export/photos/a.jpg`;
    /// inside a zip, `content/export.zip/photos/a.jpg`), when it does.
    public var path: String?
    /// The platform's web address of the file, when the export has only that: http and https only.
    public private(set) var url: String?
    /// What following `url` takes, as the reader knows from the platform.
    public var access: RemoteAccess?

    public init(name: String, type: String? = nil, size: Int? = nil, path: String? = nil,
                url: String? = nil, access: RemoteAccess? = nil) {
        self.name = name
        self.type = type
        self.size = size
        self.path = path
        self.url = url.flatMap(Self.webAddress)
        self.access = access
    }

    /// `text` when it is an http or https address with a host (never `javascript:`, `data:`,
    /// `mxc://`, a relative path); nil otherwise. Whitespace or quotes inside are refused too.
    public static func webAddress(_ text: String) -> String? {
        guard text.count <= 2048, !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
              let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return nil }
        return text
    }
}

/// What a platform's link to a file takes: the reader knows it from the platform.
public enum RemoteAccess: String, Hashable, Sendable {
    /// Only members signed in to the workspace can open it (Slack's `url_private`, Zulip's
    /// `/user_uploads/`, Matrix media).
    case needsLogin = "needs-login"
    /// A signed address that stops working after a while (Discord's CDN links with `ex=`).
    case mayExpire = "may-expire"
}

/// A thread: a message and the replies posted under it.
public struct ChatThread: Hashable, Sendable {
    public var rootID: String
    /// In time order.
    public var replyIDs: [String]

    public init(rootID: String, replyIDs: [String]) {
        self.rootID = rootID
        self.replyIDs = replyIDs
    }
}

/// Something that happened in a channel that is not a message: a join, a topic change, a pin.
public struct SystemEvent: Hashable, Sendable {
    public var time: LocalTime
    public var instant: Date
    /// Who did it, by key, when known.
    public var personKey: String?
    /// `Gabriel Becker joined the channel`.
    public var text: String
    /// The id of the first message after it: where the page shows it (nil: after the last).
    public var beforeID: String?
    /// A message in another session the event is about: a reply written today in a thread
    /// that is shown whole on the day it started.
    public var link: MessageLink?

    public init(time: LocalTime, instant: Date, personKey: String?, text: String, beforeID: String?, link: MessageLink? = nil) {
        self.time = time
        self.instant = instant
        self.personKey = personKey
        self.text = text
        self.beforeID = beforeID
        self.link = link
    }
}

/// A message of another session of the same series, which is known by its start.
public struct MessageLink: Hashable, Sendable {
    /// What names a session: its series and start.
    public struct SessionKey: Hashable, Sendable {
        public var series: String
        public var start: Date
        public init(_ series: String, _ start: Date) {
            self.series = series
            self.start = start
        }
    }

    public var series: String
    public var sessionStart: Date
    public var id: String

    public init(series: String, sessionStart: Date, id: String) {
        self.series = series
        self.sessionStart = sessionStart
        self.id = id
    }
}

/// The platform's channel a session was cut from.
public struct Channel: Hashable, Sendable {
    public var platform: String
    public var workspace: String?
    public var name: String
    public var topic: String?
    /// The platform's id, when the export gives one: tells apart channels of one name.
    public var id: String?

    public init(platform: String, workspace: String?, name: String, topic: String?, id: String? = nil) {
        self.platform = platform
        self.workspace = workspace
        self.name = name
        self.topic = topic
        self.id = id
    }
}

import Foundation
