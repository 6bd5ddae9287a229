import Foundation

/// `data/archive.json`: the whole normalized archive for other tools, described by
/// `data/archive.schema.json`. Keys are sorted and absent values omitted, so the
/// same archive always gives the same bytes.
public struct ArchiveExport: Codable, Equatable, Sendable {
    public var generator: Generator
    public var title: String
    public var baseURL: String?
    public var series: [SeriesExport]
    public var participants: [PersonExport]
    public var mentioned: [PersonExport]
    public var sessions: [SessionExport]

    public struct Generator: Codable, Equatable, Sendable {
        public var name: String
        public var version: String
    }

    public struct SeriesExport: Codable, Equatable, Sendable {
        public var key: String
        public var name: String
        public var aliases: [String]
        /// Session ids, oldest first.
        public var sessions: [String]
        public var url: String
    }

    public struct PersonExport: Codable, Equatable, Sendable {
        public var key: String
        public var handle: String
        public var roles: [String]?
        public var messageCount: Int?
        public var sessionCount: Int
        public var url: String
    }

    public struct SessionExport: Codable, Equatable, Sendable {
        /// The page's slug: `badgechat-2018-03-05`.
        public var id: String
        public var url: String
        public var recap: String
        public var series: String
        public var hashtag: String
        public var title: String
        public var description: String
        public var date: String
        public var start: String
        public var startLocal: String
        public var zone: String
        public var utcOffsetMinutes: Int?
        public var format: String
        public var source: String
        public var messages: [MessageExport]
        public var questions: [QuestionExport]
        /// For a session cut from a platform's channel.
        public var channel: ChannelExport?
        public var threads: [ThreadExport]?
        public var events: [EventExport]?
    }

    public struct ChannelExport: Codable, Equatable, Sendable {
        public var platform: String
        public var workspace: String?
        public var name: String
        public var topic: String?
    }

    public struct ThreadExport: Codable, Equatable, Sendable {
        public var root: String
        public var replies: [String]
    }

    public struct EventExport: Codable, Equatable, Sendable {
        public var time: String
        public var person: String?
        public var text: String
        /// The message the event came before; absent after the last.
        public var before: String?
    }

    public struct ReactionExport: Codable, Equatable, Sendable {
        public var emoji: String
        public var count: Int
        public var people: [String]
    }

    public struct AttachmentExport: Codable, Equatable, Sendable {
        public var name: String
        public var type: String?
        public var size: Int?
        public var path: String?
        /// The site's copy (`media/<hash>.<ext>`), when it made one.
        public var media: String?
        /// The platform's address, when the export has only that.
        public var url: String?
        /// `needs-login` or `may-expire`: what `url` takes.
        public var access: String?
    }

    public struct MessageExport: Codable, Equatable, Sendable {
        public var id: String
        public var url: String
        /// Participant key; absent when the format records no authors.
        public var author: String?
        /// The handle as written in this message.
        public var handle: String?
        public var role: String?
        /// UTC instant; absent when the transcript gives the message no time.
        public var time: String?
        public var localTime: String?
        public var text: String
        public var label: LabelExport?
        public var entities: [EntityExport]
        public var replyTo: [String]
        public var inReplyTo: String?
        public var quotes: [String]
        public var repostLines: [Int]
        public var knownOnlyFromQuote: Bool
        /// Absent where the source has no lines (JSON exports).
        public var line: Int?
        /// The platform's id of the message.
        public var nativeID: String?
        public var thread: String?
        public var action: Bool?
        public var edited: Bool?
        public var pinned: Bool?
        public var bot: Bool?
        public var forwardedFrom: String?
        public var reactions: [ReactionExport]?
        public var attachments: [AttachmentExport]?
        /// Absent when the text has no styles.
        public var styles: [StyleExport]?
        /// True for a message the privacy settings took out: only its place is kept.
        public var removed: Bool?
    }

    public struct StyleExport: Codable, Equatable, Sendable {
        /// `bold`, `italic`, `underline`, `strike`, `code`, `pre`, `quote` or `spoiler`.
        public var kind: String
        /// UTF-8 byte offsets into `text`.
        public var start: Int
        public var end: Int
    }

    public struct LabelExport: Codable, Equatable, Sendable {
        public var kind: String
        public var number: Int
        public var raw: String
    }

    public struct EntityExport: Codable, Equatable, Sendable {
        public var kind: String
        public var value: String
        /// UTF-8 byte offsets into `text`.
        public var start: Int
        public var end: Int
    }

    public struct QuestionExport: Codable, Equatable, Sendable {
        public var number: Int
        public var url: String
        public var message: String?
        public var text: String
        public var answers: [String]
        public var replies: [String]
    }

    /// The export's bytes: keys sorted, absent values left out, strings through `JSON.string`.
    /// Written by hand because Foundation's JSONEncoder took a fifth of a build's time.
    public func encoded() -> Data {
        Self.encoded(self, sessions: sessions.map(Self.encoded))
    }

    /// The same bytes as `encoded()`, from sessions encoded apart (by `encoded(_:)`, on any core).
    static func encoded(_ export: ArchiveExport, sessions: [[UInt8]]) -> Data {
        let (head, tail) = envelope(export)
        var bytes = head
        for (index, session) in sessions.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += session
        }
        return Data(bytes + tail)
    }

    /// The export's bytes before and after its sessions, which go between, comma-separated.
    static func envelope(_ export: ArchiveExport) -> (head: [UInt8], tail: [UInt8]) {
        var object = JSON.Object()
        object.field("baseURL", export.baseURL)
        object.field("generator", export.generator) { bytes, generator in
            var object = JSON.Object(continuing: &bytes)
            object.field("name", generator.name)
            object.field("version", generator.version)
            bytes = object.close()
        }
        object.field("mentioned", export.mentioned, PersonExport.write)
        object.field("participants", export.participants, PersonExport.write)
        object.field("series", export.series) { bytes, series in
            var object = JSON.Object(continuing: &bytes)
            object.field("aliases", series.aliases)
            object.field("key", series.key)
            object.field("name", series.name)
            object.field("sessions", series.sessions)
            object.field("url", series.url)
            bytes = object.close()
        }
        object.beginArray("sessions")
        let head = object.take()
        object.endArray()
        object.field("title", export.title)
        return (head, object.close() + [UInt8(ascii: "\n")])
    }

    /// One session as `encoded()` writes it inside the whole export.
    static func encoded(_ session: SessionExport) -> [UInt8] {
        var object = JSON.Object()
        object.field("channel", session.channel) { bytes, channel in
            var object = JSON.Object(continuing: &bytes)
            object.field("name", channel.name)
            object.field("platform", channel.platform)
            object.field("topic", channel.topic)
            object.field("workspace", channel.workspace)
            bytes = object.close()
        }
        object.field("date", session.date)
        object.field("description", session.description)
        object.field("events", session.events, each: { bytes, event in
            var object = JSON.Object(continuing: &bytes)
            object.field("before", event.before)
            object.field("person", event.person)
            object.field("text", event.text)
            object.field("time", event.time)
            bytes = object.close()
        })
        object.field("format", session.format)
        object.field("hashtag", session.hashtag)
        object.field("id", session.id)
        object.field("messages", session.messages, MessageExport.write)
        object.field("questions", session.questions) { bytes, question in
            var object = JSON.Object(continuing: &bytes)
            object.field("answers", question.answers)
            object.field("message", question.message)
            object.field("number", question.number)
            object.field("replies", question.replies)
            object.field("text", question.text)
            object.field("url", question.url)
            bytes = object.close()
        }
        object.field("recap", session.recap)
        object.field("series", session.series)
        object.field("source", session.source)
        object.field("start", session.start)
        object.field("startLocal", session.startLocal)
        object.field("threads", session.threads, each: { bytes, thread in
            var object = JSON.Object(continuing: &bytes)
            object.field("replies", thread.replies)
            object.field("root", thread.root)
            bytes = object.close()
        })
        object.field("title", session.title)
        object.field("url", session.url)
        object.field("utcOffsetMinutes", session.utcOffsetMinutes)
        object.field("zone", session.zone)
        return object.close()
    }
}

extension ArchiveExport.PersonExport {
    static func write(_ bytes: inout [UInt8], _ person: Self) {
        var object = JSON.Object(continuing: &bytes)
        object.field("handle", person.handle)
        object.field("key", person.key)
        object.field("messageCount", person.messageCount)
        object.field("roles", person.roles)
        object.field("sessionCount", person.sessionCount)
        object.field("url", person.url)
        bytes = object.close()
    }
}

extension ArchiveExport.MessageExport {
    static func write(_ bytes: inout [UInt8], _ message: Self) {
        var object = JSON.Object(continuing: &bytes)
        object.field("action", message.action)
        object.field("attachments", message.attachments, each: { bytes, file in
            var object = JSON.Object(continuing: &bytes)
            object.field("access", file.access)
            object.field("media", file.media)
            object.field("name", file.name)
            object.field("path", file.path)
            object.field("size", file.size)
            object.field("type", file.type)
            object.field("url", file.url)
            bytes = object.close()
        })
        object.field("author", message.author)
        object.field("bot", message.bot)
        object.field("edited", message.edited)
        object.field("entities", message.entities) { bytes, entity in
            var object = JSON.Object(continuing: &bytes)
            object.field("end", entity.end)
            object.field("kind", entity.kind)
            object.field("start", entity.start)
            object.field("value", entity.value)
            bytes = object.close()
        }
        object.field("forwardedFrom", message.forwardedFrom)
        object.field("handle", message.handle)
        object.field("id", message.id)
        object.field("inReplyTo", message.inReplyTo)
        object.field("knownOnlyFromQuote", message.knownOnlyFromQuote)
        object.field("label", message.label) { bytes, label in
            var object = JSON.Object(continuing: &bytes)
            object.field("kind", label.kind)
            object.field("number", label.number)
            object.field("raw", label.raw)
            bytes = object.close()
        }
        object.field("line", message.line)
        object.field("localTime", message.localTime)
        object.field("nativeID", message.nativeID)
        object.field("pinned", message.pinned)
        object.field("quotes", message.quotes)
        object.field("reactions", message.reactions, each: { bytes, reaction in
            var object = JSON.Object(continuing: &bytes)
            object.field("count", reaction.count)
            object.field("emoji", reaction.emoji)
            object.field("people", reaction.people)
            bytes = object.close()
        })
        object.field("removed", message.removed)
        object.field("replyTo", message.replyTo)
        object.field("repostLines", message.repostLines)
        object.field("role", message.role)
        object.field("styles", message.styles, each: { bytes, style in
            var object = JSON.Object(continuing: &bytes)
            object.field("end", style.end)
            object.field("kind", style.kind)
            object.field("start", style.start)
            bytes = object.close()
        })
        object.field("text", message.text)
        object.field("thread", message.thread)
        object.field("time", message.time)
        object.field("url", message.url)
        bytes = object.close()
    }
}

extension PlanContext {
    static let exportPath = "data/archive.json"
    static let schemaPath = "data/archive.schema.json"

    /// The schema, and the export itself as a file written a session at a time: on a
    /// large archive it is hundreds of megabytes, never held whole.
    func exportFiles() -> (schema: OutputFile, export: StreamedFile) {
        let (head, tail) = ArchiveExport.envelope(export())
        let sessions = archive.sessions.count
        let export = StreamedFile(path: Self.exportPath, parts: sessions + 2) { [self] part in
            switch part {
            case 0: head
            case sessions + 1: tail
            default: (part > 1 ? [UInt8(ascii: ",")] : [])
                + memo.value(.export, session: part - 1) { CachedBytes(ArchiveExport.encoded(exportSession(part - 1))) }.bytes
            }
        }
        return (OutputFile(path: Self.schemaPath, bytes: Data(PackageResources.archive_schema_json)), export)
    }

    /// The whole export but its sessions.
    func export() -> ArchiveExport {
        let sessionIDs = map.sessionSlugs
        return ArchiveExport(
            generator: .init(name: "Confab", version: version),
            title: archive.config.title, baseURL: archive.config.baseURL,
            series: archive.series.map { series in
                .init(key: series.key, name: series.name, aliases: series.aliases,
                      sessions: series.sessionIndices.map { sessionIDs[$0] }, url: map.series[series.key]!)
            },
            participants: archive.participants.map {
                .init(key: $0.key, handle: $0.handle, roles: $0.roles, messageCount: $0.messageCount,
                      sessionCount: $0.sessionCount, url: map.people[$0.key]!)
            },
            mentioned: archive.mentionedOnly.map {
                .init(key: $0.key, handle: $0.handle, roles: nil, messageCount: nil, sessionCount: $0.sessionCount, url: map.people[$0.key]!)
            },
            sessions: []
        )
    }

    /// One session of the export.
    func exportSession(_ index: Int) -> ArchiveExport.SessionExport {
        let session = archive.sessions[index]
        return .init(
            id: map.sessionSlugs[index], url: map.sessions[index], recap: map.recap(session: index),
            series: session.series, hashtag: session.hashtag, title: session.title, description: session.description,
            date: session.date.description, start: TimeText.isoText(session.startInstant),
            startLocal: session.start.clockText, zone: session.start.zone,
            utcOffsetMinutes: TimeText.offset(of: session.start.zone), format: session.format.rawValue,
            source: session.source.file,
            messages: session.messages.map { message in
                .init(
                    id: message.id, url: map.message(session: index, id: message.id),
                    author: message.authorKey, handle: message.author, role: message.role,
                    time: message.timeIsWritten ? TimeText.isoText(message.instant) : nil,
                    localTime: message.timeIsWritten ? message.time.clockText : nil,
                    text: message.text,
                    label: message.label.map { .init(kind: $0.kind.rawValue, number: $0.number, raw: $0.raw) },
                    entities: message.entities.map {
                        .init(kind: $0.kind.rawValue, value: $0.value, start: $0.range.lowerBound, end: $0.range.upperBound)
                    },
                    replyTo: message.replyTo, inReplyTo: message.inReplyToID, quotes: message.quotedIDs,
                    repostLines: message.repostLines, knownOnlyFromQuote: message.knownOnlyFromQuote,
                    line: message.line > 0 ? message.line : nil, nativeID: message.nativeID, thread: message.threadRootID,
                    action: message.isAction ? true : nil, edited: message.isEdited ? true : nil,
                    pinned: message.isPinned ? true : nil, bot: message.isBot ? true : nil, forwardedFrom: message.forwardedFrom,
                    reactions: message.reactions.isEmpty ? nil : message.reactions.map { .init(emoji: $0.emoji, count: $0.count, people: $0.people) },
                    attachments: message.attachments.isEmpty ? nil
                        : message.attachments.map {
                            .init(name: $0.name, type: $0.type, size: $0.size, path: $0.path, media: $0.path.flatMap { map.media[$0]?.target },
                                  url: $0.url, access: $0.access?.rawValue)
                        },
                    styles: message.styles.isEmpty ? nil
                        : message.styles.map { .init(kind: $0.kind.rawValue, start: $0.range.lowerBound, end: $0.range.upperBound) },
                    removed: message.isRemoved ? true : nil
                )
            },
            questions: session.questions.map {
                .init(number: $0.number, url: map.question(session: index, number: $0.number), message: $0.messageID,
                      text: $0.text, answers: $0.answerIDs, replies: $0.replyIDs)
            },
            channel: session.channel.map { .init(platform: $0.platform, workspace: $0.workspace, name: $0.name, topic: $0.topic) },
            threads: session.channel == nil ? nil : session.threads.map { .init(root: $0.rootID, replies: $0.replyIDs) },
            events: session.channel == nil ? nil : session.events.map {
                .init(time: TimeText.isoText($0.instant), person: $0.personKey, text: $0.text, before: $0.beforeID)
            }
        )
    }
}
