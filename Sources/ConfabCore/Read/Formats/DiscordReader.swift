import Foundation

/// DiscordChatExporter's JSON export: one channel (or thread) a file,
/// `{guild, channel, dateRange, exportedAt, messages: […], messageCount}`, as every version
/// of its `JsonMessageWriter` since 2.x writes it; keys added later (nickname, roles,
/// reaction users, mentions, reference, interaction, forwardedMessage) are optional. An export
/// made with `--media` is a folder of such files beside their `<file>_Files/` folders: the
/// folder is read as one source and attachments get the path of the file it holds. Partitions
/// of one channel (`[part 2]`) in a folder are read as one conversation. Direct messages
/// (`DirectTextChat`, `DirectGroupTextChat`, the `Direct Messages` guild) are private
/// conversations. Only names are kept from profiles: never avatars, colours or image URLs.
enum DiscordReader: FormatReader {
    static let format = SourceFormat.discord

    /// A folder holding exports and the `_Files` folders `--media` downloads beside them, or
    /// the partitions of an export (`general [100] [part 2].json`); or a `_Files` folder on its
    /// own (an export copied straight into `content/`), so its files are not read as chats.
    static func claimsFolder(_ names: [String]) -> Bool {
        let exports = names.filter { $0.lowercased().hasSuffix(".json") }
        if !exports.isEmpty, names.contains(where: { $0.hasSuffix("_Files") }) || exports.contains(where: { $0.contains(" [part ") }) { return true }
        return !names.isEmpty && names.allSatisfy(isAssetName)
            && names.contains { SourceFinder.mediaExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
    }

    /// How the exporter names what it downloads: `photo-1A2B3.png`, the URL's hash in five hex digits.
    static func isAssetName(_ name: String) -> Bool {
        let stem = Substring((name as NSString).deletingPathExtension)
        let hash = stem.suffix(5)
        guard hash.count == 5, hash.allSatisfy(\.isHexDigit) else { return false }
        return stem.count == 5 || stem.dropLast(5).last == "-"
    }

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        switch source.kind {
        case .file:
            return source.files.first.map { isExport($0.text) } == true ? 95 : 0
        case .folder, .zip:
            if source.files.contains(where: { !isMedia(source.name(of: $0)) && isExport($0.text) }) { return 95 }
            // The downloads of an export whose JSON is beside the folder: read as no chat at all.
            return source.kind == .folder && isDownloads(source.path) ? 10 : 0
        }
    }

    /// The writer's first keys: a `guild` and a `channel` object before the `messages`.
    static func isExport(_ text: String) -> Bool {
        guard JSONSource.opening(text) == "{" else { return false }
        let head = JSONSource.head(text, limit: 32768)
        return head.contains("\"guild\"") && head.contains("\"channel\"") && head.contains("\"messages\"")
    }

    /// What a link to an attachment on Discord's CDN takes: attachments are served only under
    /// a signed address that expires (`?ex=…&hm=…`), and since 2024 an unsigned one no longer
    /// opens at all. Stickers and other assets there do not expire.
    static func access(_ url: String?) -> RemoteAccess? {
        guard let url, let parsed = URL(string: url), let host = parsed.host?.lowercased(),
              host.hasSuffix("discordapp.com") || host.hasSuffix("discordapp.net") || host.hasSuffix("discord.com") else { return nil }
        return parsed.path.contains("/attachments/") || (parsed.query ?? "").contains("ex=") ? .mayExpire : nil
    }

    /// Inside a `_Files` folder: an attachment, even when it is JSON or text.
    static func isMedia(_ name: String) -> Bool {
        isDownloads((name as NSString).deletingLastPathComponent)
    }

    /// A `_Files` folder the exporter downloads attachments into, or a folder inside one.
    static func isDownloads(_ folder: String) -> Bool {
        folder.split(separator: "/").contains { $0.hasSuffix("_Files") }
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        // Paths of what the source holds, for attachments downloaded beside the export.
        let held = Set(source.media).union(source.files.map { source.name(of: $0) })
        var results: [FileResult] = []
        for file in source.files {
            let name = source.name(of: file)
            if source.kind != .file, isMedia(name) || isDownloads(source.path) { continue }
            guard isExport(file.text) else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "not a DiscordChatExporter JSON export; skipped"))
                continue
            }
            let folder = source.kind == .file ? "" : (name as NSString).deletingLastPathComponent
            var reader = FileReader(file: file, folder: folder, held: source.kind == .file ? [] : held)
            if let result = reader.read() { results.append(result) }
            diagnostics += reader.diagnostics
        }

        // A thread's name, for the parent's "started a thread" when the export omits it.
        var channelNames: [String: String] = [:]
        for result in results { if let id = result.channel.id { channelNames[id] = result.threadName } }

        // Partitions of one channel become one conversation; a message exported twice (two
        // overlapping exports of the channel) is read once.
        var order: [String] = [], merged: [String: FileResult] = [:], seen: [String: Set<String>] = [:]
        for var result in results {
            for (index, thread, actor) in result.startedThreads {
                if let name = channelNames[thread] { result.events[index].text = "\(actor) started a thread: \(name)" }
            }
            let key = result.channel.id ?? result.file
            let events = result.events.filter { event in event.id.map { seen[key, default: []].insert($0).inserted } ?? true }
            result.events = events
            if var known = merged[key] {
                known.events += result.events
                known.users.merge(result.users) { old, _ in old }
                known.pinned.formUnion(result.pinned)
                merged[key] = known
            } else {
                order.append(key)
                merged[key] = result
            }
        }
        var chats: [RawChat] = []
        for key in order {
            guard var result = merged[key] else { continue }
            for index in result.events.indices {
                if let id = result.events[index].id, result.pinned.contains(id) { result.events[index].isPinned = true }
            }
            chats.append(.conversation(RawConversation(format: .discord, channel: result.channel, users: result.users,
                                                       events: result.events, source: SourceLocation(file: result.file),
                                                       isPrivate: result.isPrivate)))
        }
        if chats.isEmpty, source.kind != .file, !isDownloads(source.path) {
            diagnostics.append(.warning(SourceLocation(file: source.path), "DiscordChatExporter export with no channel read; skipped"))
        }
        return (chats, diagnostics)
    }

    /// What one export file holds.
    struct FileResult {
        var file: String
        var channel: RawChannel
        var isPrivate: Bool
        /// The channel's own name (a thread's title), for the parent's "started a thread".
        var threadName: String
        var users: [String: RawUser]
        var events: [RawEvent]
        /// Ids of messages a "pinned a message" event names.
        var pinned: Set<String>
        /// "started a thread" events whose text waits for the thread's name: event index, thread id, who.
        var startedThreads: [(Int, String, String)]
    }

    /// Channel kinds that are threads: their `category` is the parent channel.
    static let threadKinds: Set<String> = ["GuildPublicThread", "GuildPrivateThread", "GuildNewsThread", "10", "11", "12"]
    /// Direct messages: the exporter's names of their channel kinds, and Discord's numbers.
    static let directKinds: Set<String> = ["DirectTextChat", "DirectGroupTextChat", "1", "3"]
    /// The guild the exporter puts direct messages in (`Guild.DirectMessages`, id 0).
    static let directGuild = "Direct Messages"

    /// Whether an export's guild (by name, and id where the layout writes one) is the exporter's stand-in for DMs.
    static func isDirectGuild(name: String?, id: String? = nil) -> Bool {
        name == directGuild && (id == nil || id == "0")
    }

    /// One export file, read message by message.
    struct FileReader {
        let file: SourceFile
        /// The file's folder inside the source, where its attachments' relative paths start.
        let folder: String
        let held: Set<String>
        var diagnostics: [Diagnostic] = []
        private var users: [String: RawUser] = [:]
        private var roles: [String: String] = [:]
        private var warnedTypes = Set<String>()

        init(file: SourceFile, folder: String, held: Set<String>) {
            self.file = file
            self.folder = folder
            self.held = held
        }

        mutating func read() -> FileResult? {
            let location = SourceLocation(file: file.path)
            var (json, problem) = JSONSource.parse(file)
            if let problem {
                // An export cut off mid-way (the exporter stopped): read the whole messages before the cut.
                guard let (text, count, line) = DiscordReader.salvage(file.text),
                      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
                    diagnostics.append(problem)
                    return nil
                }
                json = object
                let reason = problem.message.hasPrefix("invalid JSON (") ? String(problem.message.dropFirst(14).prefix { $0 != ")" }) : problem.message
                diagnostics.append(.warning(SourceLocation(file: file.path, line: line),
                                            "invalid JSON after this line (\(reason)); the \(Wording.plural(count, "whole message", "whole messages")) before it are read, the rest skipped"))
            }
            guard let root = json as? [String: Any], let messages = root["messages"] as? [Any] else {
                diagnostics.append(.warning(location, "DiscordChatExporter export without a 'messages' list; skipped"))
                return nil
            }
            let guild = root["guild"] as? [String: Any]
            let channelObject = root["channel"] as? [String: Any]
            let fileName = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            if channelObject == nil { diagnostics.append(.warning(location, "no 'channel' object: the channel is named after the file")) }
            let kind = JSONSource.string(channelObject?["type"]) ?? ""
            let isPrivate = DiscordReader.directKinds.contains(kind)
                || DiscordReader.isDirectGuild(name: JSONSource.string(guild?["name"]), id: JSONSource.string(guild?["id"]))
            let name = nonEmpty(channelObject?["name"]) ?? fileName
            let channelID = nonEmpty(channelObject?["id"])
            // A thread's `category` is its parent channel (the writer's schema predates threads).
            let parent = DiscordReader.threadKinds.contains(kind) ? nonEmpty(channelObject?["category"]) : nil
            let channel = RawChannel(platform: "discord", workspace: nonEmpty(guild?["name"]),
                                     name: parent.map { "\($0) / \(name)" } ?? name, id: channelID,
                                     topic: nonEmpty(channelObject?["topic"]), prefix: isPrivate ? "" : "#")
            let context = Context(channelID: channelID, channelName: name, parentName: parent)

            // Names first: a raw `<@id>` may name someone whose first message comes later.
            let objects = messages.compactMap { $0 as? [String: Any] }
            for message in objects {
                if let author = message["author"] as? [String: Any] { note(author, asAuthor: true) }
            }
            for message in objects {
                for user in message["mentions"] as? [[String: Any]] ?? [] { note(user, asAuthor: false) }
                for reaction in message["reactions"] as? [[String: Any]] ?? [] {
                    for user in reaction["users"] as? [[String: Any]] ?? [] { note(user, asAuthor: false) }
                }
            }

            let lines = JSONLines.lines(ofKey: "id", in: file.text)
            var events: [RawEvent] = [], pinned = Set<String>(), startedThreads: [(Int, String, String)] = []
            for (position, item) in messages.enumerated() {
                guard let message = item as? [String: Any] else {
                    diagnostics.append(.warning(location, "message \(position + 1) is not an object; skipped"))
                    continue
                }
                let id = nonEmpty(message["id"])
                let line = SourceLocation(file: file.path, line: id.flatMap { lines[$0] })
                guard let stamp = JSONSource.string(message["timestamp"]), let time = DiscordTime.instant(stamp) else {
                    diagnostics.append(.warning(line, "message \(id ?? String(position + 1)) has no readable time ('timestamp'); skipped"))
                    continue
                }
                var event = event(message, id: id, time: time, location: line, context: context)
                let type = MessageType(JSONSource.string(message["type"]))
                let reference = message["reference"] as? [String: Any]
                if type == .pin, let target = nonEmpty(reference?["messageId"]) { pinned.insert(target) }
                if type == .threadCreated, event.text.hasSuffix(" started a thread"), let thread = nonEmpty(reference?["channelId"]) {
                    startedThreads.append((events.count, thread, String(event.text.dropLast(" started a thread".count))))
                }
                if event.kind != .system, type == .reply { event.replyTo = nonEmpty(reference?["messageId"]) }
                events.append(event)
            }
            if let count = JSONSource.int(root["messageCount"]), count != messages.count {
                diagnostics.append(.warning(location, "says it holds \(Wording.plural(count, "message", "messages")) but lists \(messages.count)"))
            }
            return FileResult(file: file.path, channel: channel, isPrivate: isPrivate, threadName: name, users: users, events: events,
                              pinned: pinned, startedThreads: startedThreads)
        }

        /// What the channel's messages may name: itself, its parent (for a thread).
        struct Context {
            var channelID: String?
            var channelName: String
            var parentName: String?
        }

        /// A user object's names: `nickname` is what the server shows (older versions: absent).
        static func names(_ user: [String: Any]) -> (id: String?, user: RawUser) {
            let name = nonEmpty(user["name"])
            let discriminator = JSONSource.string(user["discriminator"]).flatMap { Int($0) }
            let username = name.map { name in discriminator.map { $0 == 0 ? name : "\(name)#\(String(format: "%04d", $0))" } ?? name }
            return (nonEmpty(user["id"]), RawUser(username: username, displayName: nonEmpty(user["nickname"]) ?? name,
                                                  isBot: JSONSource.bool(user["isBot"])))
        }

        /// Keeps a person's names (an author's over a mention's) and their roles' names.
        private mutating func note(_ user: [String: Any], asAuthor: Bool) {
            let (id, raw) = Self.names(user)
            if let id, asAuthor || users[id] == nil { users[id] = raw }
            for role in user["roles"] as? [[String: Any]] ?? [] {
                if let id = nonEmpty(role["id"]), let name = nonEmpty(role["name"]) { roles[id] = name }
            }
        }

        private mutating func event(_ message: [String: Any], id: String?, time: Date, location: SourceLocation, context: Context) -> RawEvent {
            let rawType = JSONSource.string(message["type"])
            let type = MessageType(rawType)
            if type == .unknown, let rawType, warnedTypes.insert(rawType).inserted {
                diagnostics.append(.warning(location, "message of unknown type '\(rawType)' read as a message"))
            }
            let authorObject = message["author"] as? [String: Any]
            let author = authorObject.map(Self.names)
            let authorName = author?.user.shownName
            let rawAuthor = author.flatMap { $0.id.map(RawAuthor.id) ?? authorName.map(RawAuthor.name) }
            let content = JSONSource.string(message["content"]) ?? ""
            let mentions = (message["mentions"] as? [[String: Any]] ?? []).map(Self.names)

            var attachments = files(message)
            var text = MarkedText()
            var kind = RawEvent.Kind.message
            if let sentence = systemText(type, content: content, actor: authorName ?? "Someone", message: message,
                                         time: time, mentions: mentions, hasFiles: !attachments.isEmpty, context: context) {
                kind = .system
                text.append(sentence)
            } else {
                text = InlineMarkup.apply(DiscordMarkup.text(content, mentions: mentions, users: users, roles: roles, context: context), .discord)
            }
            // A forwarded message (2024 on): its text quoted after the message's own, its files listed.
            if kind == .message, let forwarded = message["forwardedMessage"] as? [String: Any] {
                let quoted = InlineMarkup.apply(DiscordMarkup.text(JSONSource.string(forwarded["content"]) ?? "", mentions: mentions,
                                                                   users: users, roles: roles, context: context), .discord)
                if !quoted.text.isEmpty {
                    if !text.text.isEmpty { text.append("\n\n") }
                    let start = text.count
                    text.append(quoted)
                    text.mark(.style(.quote), from: start)
                }
                attachments += files(forwarded)
            }
            let reactions = (message["reactions"] as? [[String: Any]] ?? []).compactMap(Self.reaction)
            return RawEvent(
                kind: kind, id: id, author: rawAuthor, authorName: authorName, time: time,
                text: text.text, marks: text.marks, reactions: kind == .system ? [] : reactions,
                attachments: kind == .system ? [] : attachments,
                isEdited: nonEmpty(message["timestampEdited"]) != nil, isPinned: JSONSource.bool(message["isPinned"]),
                isBot: author?.user.isBot ?? false, location: location
            )
        }

        /// A reaction: the emoji itself, or `:name:` for a server's own (never its image).
        static func reaction(_ reaction: [String: Any]) -> RawReaction? {
            guard let emoji = reaction["emoji"] as? [String: Any] else { return nil }
            let name = nonEmpty(emoji["name"]), code = nonEmpty(emoji["code"])
            let shown: String
            if nonEmpty(emoji["id"]) != nil {
                guard let label = name ?? code else { return nil }
                shown = ":\(label):"
            } else if let name {
                shown = name
            } else if let code {
                shown = ":\(code):"
            } else {
                return nil
            }
            let users = (reaction["users"] as? [[String: Any]] ?? []).compactMap { nonEmpty($0["id"]) }
            return RawReaction(emoji: shown, count: max(0, JSONSource.int(reaction["count"]) ?? users.count), users: users)
        }

        /// Attachments, embeds and stickers, listed; a file's path only when the export holds it.
        func files(_ message: [String: Any]) -> [RawAttachment] {
            var files: [RawAttachment] = []
            for attachment in message["attachments"] as? [[String: Any]] ?? [] {
                let url = JSONSource.string(attachment["url"]), path = localPath(url)
                files.append(RawAttachment(name: nonEmpty(attachment["fileName"]) ?? "file", size: JSONSource.int(attachment["fileSizeBytes"]),
                                           path: path, url: path == nil ? url : nil, access: path == nil ? DiscordReader.access(url) : nil))
            }
            for embed in message["embeds"] as? [[String: Any]] ?? [] {
                let author = (embed["author"] as? [String: Any]).flatMap { nonEmpty($0["name"]) }
                files.append(RawAttachment(name: nonEmpty(embed["title"]) ?? nonEmpty(embed["url"]) ?? author ?? "embed", type: "embed",
                                           url: JSONSource.string(embed["url"])))
            }
            for sticker in message["stickers"] as? [[String: Any]] ?? [] {
                let url = JSONSource.string(sticker["sourceUrl"]), path = localPath(url)
                files.append(RawAttachment(name: nonEmpty(sticker["name"]) ?? "sticker", type: "sticker",
                                           path: path, url: path == nil ? url : nil, access: path == nil ? DiscordReader.access(url) : nil))
            }
            return files
        }

        /// `general.json_Files/photo-1A2B3.png` (backslashes on Windows) as a path inside the
        /// source, when the source holds that file. Web addresses and absolute paths: nil.
        func localPath(_ url: String?) -> String? { Self.localPath(url, folder: folder, held: held) }

        /// The same for any DiscordChatExporter export (JSON, text, CSV): `folder` is the export file's, `held` the source's files.
        static func localPath(_ url: String?, folder: String, held: Set<String>) -> String? {
            guard let url, !url.isEmpty, !held.isEmpty, !url.contains("://"), !url.hasPrefix("/"), !url.hasPrefix("\\") else { return nil }
            let parts = url.replacingOccurrences(of: "\\", with: "/").split(separator: "/").filter { $0 != "." }
            guard !parts.isEmpty, !parts.contains("..") else { return nil }
            let path = (folder.isEmpty ? "" : folder + "/") + parts.joined(separator: "/")
            if held.contains(path) { return path }
            if let decoded = path.removingPercentEncoding, held.contains(decoded) { return decoded }
            return nil
        }

        /// The sentence a system message stands for, or nil for a message people wrote.
        func systemText(_ type: MessageType, content: String, actor: String, message: [String: Any], time: Date,
                        mentions: [(id: String?, user: RawUser)], hasFiles: Bool, context: Context) -> String? {
            // Newer exports write the exporter's own sentence as content (`Started a thread.`,
            // `Changed the channel name: x`); older ones Discord's raw content (the thread's name).
            func detail(_ sentence: String? = nil, prefix: String? = nil) -> String? {
                var text = content.trimmingCharacters(in: .whitespacesAndNewlines)
                if text == sentence { return nil }
                if let prefix, text.hasPrefix(prefix) { text = text.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
                return text.isEmpty ? nil : text
            }
            let other = mentions.first?.user.shownName
            switch type {
            case .message, .reply, .command, .unknown:
                return nil
            case .threadStarter:
                if !content.isEmpty || hasFiles { return nil }
                return "This thread started from \(actor)'s message" + (context.parentName.map { " in #\($0)" } ?? "")
            case .recipientAdd:
                return "\(actor) added \(other ?? "someone") to the group"
            case .recipientRemove:
                if let first = mentions.first, first.id == JSONSource.string((message["author"] as? [String: Any])?["id"]) { return "\(actor) left the group" }
                return "\(actor) removed \(other ?? "someone") from the group"
            case .call:
                if let end = JSONSource.string(message["callEndedTimestamp"]).flatMap(DiscordTime.instant) {
                    return "\(actor) started a call that lasted \(Wording.plural(max(0, Int(end.timeIntervalSince(time) / 60)), "minute", "minutes"))"
                }
                return "\(actor) started a call"
            case .channelNameChange:
                return detail("Changed the channel name.", prefix: "Changed the channel name:").map { "\(actor) changed the channel name: \($0)" }
                    ?? "\(actor) changed the channel name"
            case .channelIconChange:
                return "\(actor) changed the channel icon"
            case .pin:
                return "\(actor) pinned a message"
            case .join:
                return "\(actor) joined the server"
            case .boost(let level):
                return "\(actor) boosted the server" + (level.map { "; it reached level \($0)" } ?? "")
            case .follow:
                return detail().map { "\(actor) added \($0) to this channel" } ?? "\(actor) followed a channel into this one"
            case .discovery:
                return "The server's Discovery status changed"
            case .threadCreated:
                return detail("Started a thread.").map { "\(actor) started a thread: \($0)" } ?? "\(actor) started a thread"
            case .inviteReminder:
                return "Discord suggested inviting people to the server"
            case .autoModeration:
                return "AutoMod acted on a message by \(actor)"
            case .roleSubscription:
                return "\(actor) joined a role subscription"
            case .premiumUpsell:
                return "An app suggested its premium features"
            case .stageStart:
                return detail().map { "\(actor) started the stage: \($0)" } ?? "\(actor) started a stage"
            case .stageEnd:
                return detail().map { "\(actor) ended the stage: \($0)" } ?? "\(actor) ended the stage"
            case .stageSpeaker:
                return "\(actor) became a speaker on the stage"
            case .stageTopic:
                return detail().map { "\(actor) changed the stage topic: \($0)" } ?? "\(actor) changed the stage topic"
            case .appSubscription:
                return "\(actor) upgraded the server with an app"
            case .incident:
                return "The server's safety alerts changed"
            case .purchase:
                return "\(actor) made a purchase"
            case .pollResult:
                return "\(actor)'s poll has closed"
            }
        }
    }

    /// A message's `type`: the exporter writes its own names for the kinds it knows, and
    /// Discord's number (`"21"`) for the rest.
    enum MessageType: Equatable {
        case message, reply, command, threadStarter
        case recipientAdd, recipientRemove, call, channelNameChange, channelIconChange, pin, join
        case boost(Int?), follow, discovery, threadCreated, inviteReminder, autoModeration, roleSubscription
        case premiumUpsell, stageStart, stageEnd, stageSpeaker, stageTopic, appSubscription, incident, purchase, pollResult
        case unknown

        init(_ raw: String?) {
            guard let raw, !raw.isEmpty else { self = .message; return }
            if let number = Int(raw) { self = Self.numbered(number); return }
            switch raw.lowercased() {
            case "default": self = .message
            case "reply": self = .reply
            case "chatinputcommand", "applicationcommand", "contextmenucommand": self = .command
            case "threadstartermessage": self = .threadStarter
            case "recipientadd": self = .recipientAdd
            case "recipientremove": self = .recipientRemove
            case "call": self = .call
            case "channelnamechange": self = .channelNameChange
            case "channeliconchange": self = .channelIconChange
            case "channelpinnedmessage": self = .pin
            case "guildmemberjoin", "userjoin": self = .join
            case "guildboost", "userpremiumguildsubscription": self = .boost(nil)
            case "channelfollowadd": self = .follow
            case "threadcreated": self = .threadCreated
            case "guildinvitereminder": self = .inviteReminder
            case "automoderationaction": self = .autoModeration
            case "pollresult": self = .pollResult
            default: self = .unknown
            }
        }

        /// Discord's message types by number (discord.com/developers/docs, message types).
        static func numbered(_ number: Int) -> MessageType {
            switch number {
            case 0: .message
            case 1: .recipientAdd
            case 2: .recipientRemove
            case 3: .call
            case 4: .channelNameChange
            case 5: .channelIconChange
            case 6: .pin
            case 7: .join
            case 8: .boost(nil)
            case 9, 10, 11: .boost(number - 8)
            case 12: .follow
            case 14, 15, 16, 17: .discovery
            case 18: .threadCreated
            case 19: .reply
            case 20, 23: .command
            case 21: .threadStarter
            case 22: .inviteReminder
            case 24: .autoModeration
            case 25: .roleSubscription
            case 26: .premiumUpsell
            case 27: .stageStart
            case 28: .stageEnd
            case 29: .stageSpeaker
            case 31: .stageTopic
            case 32: .appSubscription
            case 36, 37, 38, 39: .incident
            case 44: .purchase
            case 46: .pollResult
            default: .unknown
            }
        }
    }

    /// The text cut after the last whole message of an export that stops mid-way, closed so it
    /// parses; the number of messages kept and the line the cut is on. Nil when no message is whole.
    static func salvage(_ text: String) -> (String, Int, Int)? {
        let bytes = Array(text.utf8)
        var depth = 0, inString = false, escaped = false
        var stringStart = 0, lastString: ArraySlice<UInt8> = []
        var messagesDepth: Int?, cut = 0, count = 0, line = 1, cutLine = 1
        let key = Array("messages".utf8)[...]
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    lastString = bytes[stringStart..<index]
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = index + 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if byte == UInt8(ascii: "["), depth == 2, messagesDepth == nil, lastString.elementsEqual(key) { messagesDepth = depth }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if let messagesDepth {
                    if depth < messagesDepth { return close() }
                    if depth == messagesDepth, byte == UInt8(ascii: "}") { (cut, count, cutLine) = (index + 1, count + 1, line) }
                }
            default:
                break
            }
        }
        return close()

        func close() -> (String, Int, Int)? {
            guard count > 0 else { return nil }
            return (String(decoding: bytes[..<cut], as: UTF8.self) + "\n]}", count, cutLine)
        }
    }
}

/// A value as text when it has some: ids, names and optional keys the exporter writes as null.
private func nonEmpty(_ value: Any?) -> String? {
    guard let text = JSONSource.string(value), !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return text
}

/// Timestamps as the exporter writes them: ISO 8601 with an offset and 0 to 7 fractional
/// digits (`2020-05-06T17:29:56.1234567+00:00`); `Z` and a missing offset read as UTC.
enum DiscordTime {
    static func instant(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip(UInt8(ascii: "-")), let month = number(2), skip(UInt8(ascii: "-")), let day = number(2),
              skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")),
              let hour = number(2), skip(UInt8(ascii: ":")), let minute = number(2) else { return nil }
        var second = 0
        if skip(UInt8(ascii: ":")) {
            guard let value = number(2) else { return nil }
            second = value
        }
        var fraction = 0.0
        if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
            var scale = 0.1, digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
        }
        var offset = 0
        if index < bytes.count {
            if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) {
            } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = skip(UInt8(ascii: ":"))
                guard let minutes = number(2), hours <= 23, minutes <= 59 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour <= 23, minute <= 59, second <= 60 else { return nil }
        let days = TimeText.daysSinceEpoch(LocalDate(year: year, month: month, day: day))
        return Date(timeIntervalSince1970: Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction)
    }

    /// `<t:1588786196:R>` as text: the date, and the time in UTC unless the style is a date's.
    static func readable(seconds: Int, style: Character?) -> String {
        let days = TimeText.days(seconds: seconds)
        let date = TimeText.date(daysSinceEpoch: days)
        let rest = seconds - days * 86400
        let day = "\(date.year)-\(Wording.twoDigits(date.month))-\(Wording.twoDigits(date.day))"
        if style == "d" || style == "D" { return day }
        return "\(day) \(Wording.twoDigits(rest / 3600)):\(Wording.twoDigits(rest % 3600 / 60)) UTC"
    }
}

extension InlineMarkup.Dialect {
    /// Discord's Markdown: `*italic*` or `_italic_`, `**bold**`, `__underline__`, `***both***`,
    /// `~~strike~~`, `||spoiler||`, `` `code` `` and ``` ``code`` ```, ```` ```lang ```` code blocks
    /// anywhere, `> ` quote lines (the space is needed) and `>>> ` for the rest; `\*` escapes.
    /// Markers inside words stay text (Discord itself styles `2*3*4`; Confab is conservative).
    static let discord = InlineMarkup.Dialect(
        delimiters: ["*": [1: [.italic], 2: [.bold], 3: [.bold, .italic]], "_": [1: [.italic], 2: [.underline], 3: [.underline, .italic]],
                     "~": [2: [.strike]], "|": [2: [.spoiler]]],
        fences: .anywhere, fenceLanguage: true, quotes: true, quoteNeedsSpace: true, quoteIndent: true, quoteRest: true, escapes: true)
}

/// Discord's markup in a message's content, as text and marks. Exports resolve mentions to
/// `@name` themselves (and those that match the message's `mentions` are marked); exports made
/// without markdown formatting, and old ones, leave `<@id>`, `<#id>`, `<@&id>`, `<:name:id>`,
/// `<t:seconds:style>` and `</command:id>` raw, which are resolved here. Bold, italics,
/// underline, strike, spoilers, code and quotes are taken out after, by `InlineMarkup` in
/// the `.discord` dialect; links are found later, by the normalizer.
enum DiscordMarkup {
    static func text(_ raw: String, mentions: [(id: String?, user: RawUser)], users: [String: RawUser],
                     roles: [String: String], context: DiscordReader.FileReader.Context) -> MarkedText {
        // Names a resolved mention may show, longest first so `@Ana Maria` wins over `@Ana`.
        var names: [(name: String, id: String)] = []
        for mention in mentions {
            guard let id = mention.id else { continue }
            for name in [mention.user.displayName, mention.user.username.map { $0.split(separator: "#").first.map(String.init) ?? $0 }] {
                if let name, !name.isEmpty, !names.contains(where: { $0.name == name && $0.id == id }) { names.append((name, id)) }
            }
        }
        names.sort { $0.name.count > $1.name.count }
        func name(of id: String) -> String? {
            mentions.first { $0.id == id }?.user.shownName ?? users[id]?.shownName
        }

        var result = MarkedText()
        var plain = ""
        var index = raw.startIndex
        var previous: Character?
        while index < raw.endIndex {
            let character = raw[index]
            if character == "<", let (piece, mark, end) = token(raw, at: index, name: name, roles: roles, context: context) {
                result.append(plain)
                plain = ""
                if let mark { result.append(piece, mark) } else { result.append(piece) }
                index = end
                previous = ">"
                continue
            }
            if character == "@", !(previous.map(isWordCharacter) ?? false) {
                let after = raw.index(after: index)
                if let (id, end) = names.lazy.compactMap({ candidate -> (String, String.Index)? in
                    guard let end = end(of: candidate.name, in: raw, from: after), endsWord(raw, after: end, name: candidate.name) else { return nil }
                    return (candidate.id, end)
                }).first {
                    result.append(plain)
                    plain = ""
                    result.append("@" + raw[after..<end], .mention(id))
                    previous = raw[raw.index(before: end)]
                    index = end
                    continue
                }
            }
            plain.append(character)
            previous = character
            index = raw.index(after: index)
        }
        result.append(plain)
        return result
    }

    /// Where `name` ends when the text spells it from `start`, character by character.
    static func end(of name: String, in text: String, from start: String.Index) -> String.Index? {
        var index = start
        for character in name {
            guard index < text.endIndex, text[index] == character else { return nil }
            index = text.index(after: index)
        }
        return index
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// A name that ends in a letter or digit must not run on into a longer word.
    static func endsWord(_ text: String, after end: String.Index, name: String) -> Bool {
        guard end < text.endIndex, let last = name.last, isWordCharacter(last) else { return true }
        return !isWordCharacter(text[end])
    }

    /// A raw `<…>` token at `start`: its text, its mark, and where it ends; nil when it is none.
    static func token(_ raw: String, at start: String.Index, name: (String) -> String?, roles: [String: String],
                      context: DiscordReader.FileReader.Context) -> (String, RawMark.Kind?, String.Index)? {
        let open = raw.index(after: start)
        guard let close = raw[open...].prefix(200).firstIndex(of: ">") else { return nil }
        let inner = raw[open..<close]
        let end = raw.index(after: close)
        func isID(_ text: Substring) -> Bool { !text.isEmpty && text.count <= 20 && text.allSatisfy { $0.isASCII && $0.isNumber } }
        if inner.hasPrefix("@&") {
            let id = inner.dropFirst(2)
            guard isID(id) else { return nil }
            return ("@" + (roles[String(id)] ?? "unknown-role"), nil, end)
        }
        if inner.hasPrefix("@") {
            let id = inner.hasPrefix("@!") ? inner.dropFirst(2) : inner.dropFirst()
            guard isID(id) else { return nil }
            // Someone the export names nowhere: the id stays in the mark, never in the text.
            return ("@" + (name(String(id)) ?? Wording.unknownPerson), .mention(String(id)), end)
        }
        if inner.hasPrefix("#") {
            let id = inner.dropFirst()
            guard isID(id) else { return nil }
            return ("#" + (String(id) == context.channelID ? context.channelName : String(id)), nil, end)
        }
        if inner.hasPrefix(":") || inner.hasPrefix("a:") {
            let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].isEmpty || parts[0] == "a", isID(parts[2]), !parts[1].isEmpty, parts[1].count <= 64,
                  parts[1].allSatisfy({ isWordCharacter($0) || $0 == "-" }) else { return nil }
            return (":\(parts[1]):", nil, end)
        }
        if inner.hasPrefix("t:") {
            let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, let seconds = Int(parts[1]), seconds > -100_000_000_000, seconds < 100_000_000_000 else { return nil }
            let style = parts.count == 3 ? parts[2].first : nil
            if parts.count == 3, parts[2].count != 1 || !"tTdDfFR".contains(parts[2]) { return nil }
            return (DiscordTime.readable(seconds: seconds, style: style), nil, end)
        }
        if inner.hasPrefix("/") {
            // `</deploy staging:123>`: a slash command, shown as the command.
            let parts = inner.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, isID(parts[1]) else { return nil }
            return ("/" + parts[0], nil, end)
        }
        let lower = inner.prefix(8).lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://"), !inner.contains(where: \.isWhitespace) {
            // `<https://…>`: a link posted without its preview; the link itself stays.
            return (String(inner), nil, end)
        }
        return nil
    }
}
