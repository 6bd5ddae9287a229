import Foundation

/// Zulip as zulip-archive keeps it: a folder (or zip) with `stream_index.json` and one
/// folder a stream, `<stream id>-<name>/`, holding one JSON file a topic, named by the
/// topic (`regridding.20unstructure.20CAM.20grid.json`): a list of messages
/// `{content (rendered HTML), id, sender_full_name, timestamp}`. A topic file alone is
/// read too, and so are messages as Zulip's API returns them (`{"messages": […]}`), whose
/// `display_recipient` and `subject` name stream and topic. Zulip's own export of an
/// organization (unpacked: `realm.json`, `messages-000001.json`…) is read by
/// `ServerExportReader`.
///
/// A stream is a channel (`#stream`); each topic is a thread in it, its first message the
/// root, opened by a system event that names the topic, so a topic that runs for weeks
/// stays whole in the session of its first day. zulip-archive keeps senders' names and
/// no ids, so people are `zulip:<full name, lower-cased>`. Private (direct) messages —
/// API messages of type `private`, recipients of type personal or direct message group in a
/// server export — are private conversations, one per set of people, without topics. Only
/// names are kept: never e-mail addresses (API messages and mentions carry them), avatars,
/// time zones or other profile fields.
enum ZulipReader: FormatReader {
    static let format = SourceFormat.zulip
    static let indexName = "stream_index.json"

    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains(indexName) || names.contains("realm.json")
    }

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        switch source.kind {
        case .file:
            guard let file = source.files.first else { return 0 }
            if isMessages(file) { return 90 }
            return isIndex(file) ? 80 : 0
        case .folder, .zip:
            if source.files.contains(where: { ($0.path as NSString).lastPathComponent == indexName && isIndex($0) }) { return 95 }
            if realmFile(source) != nil { return 95 }
            return source.files.contains { isTopicPath(source.name(of: $0)) != nil && isMessages($0) } ? 70 : 0
        }
    }

    /// A list of Zulip messages (or an API response holding one): its first message's keys.
    static func isMessages(_ file: SourceFile) -> Bool {
        guard let opening = JSONSource.opening(file.text), opening == "[" || opening == "{" else { return false }
        // Sorted keys put `content` first: a long first message pushes the rest far.
        let head = JSONSource.head(file.text, limit: 65536)
        return head.contains("\"sender_full_name\"") && head.contains("\"timestamp\"") && head.contains("\"content\"")
    }

    static func isIndex(_ file: SourceFile) -> Bool {
        let head = JSONSource.head(file.text)
        return JSONSource.opening(file.text) == "{" && head.contains("\"streams\"") && head.contains("\"topic_data\"")
    }

    /// `10-python-questions/topic.json` → the stream's id and its folder's name (`python-questions`).
    static func isTopicPath(_ path: String) -> (id: Int, name: String)? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 1].lowercased().hasSuffix(".json") else { return nil }
        return streamFolder(parts[parts.count - 2])
    }

    /// zulip-archive's stream folder: `<id>-<name, spaces as '-', non-ASCII dropped>`.
    static func streamFolder(_ folder: Substring) -> (id: Int, name: String)? {
        guard let dash = folder.firstIndex(of: "-"), let id = Int(folder[..<dash]), id >= 0 else { return nil }
        return (id, String(folder[folder.index(after: dash)...]))
    }

    /// The topic a file is named by: zulip-archive quotes the name as in a URL, writes `.`
    /// as `%2E`, then every `%` as `.` (`lunch.20plans`); undone here. A name that does not
    /// decode is taken as written.
    static func topicName(fileName: String) -> String {
        let base = fileName.lowercased().hasSuffix(".json") ? String(fileName.dropLast(5)) : fileName
        return base.replacingOccurrences(of: ".", with: "%").removingPercentEncoding ?? base
    }

    /// A server export's `realm.json` (the shallowest), if the source holds one.
    static func realmFile(_ source: Source) -> SourceFile? {
        source.files.filter { ($0.path as NSString).lastPathComponent == "realm.json" && JSONSource.head($0.text).contains("\"zerver_") }
            .min { $0.path.count < $1.path.count }
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        if source.kind != .file, let realm = realmFile(source) {
            var reader = ServerExportReader(source: source, realm: realm)
            let conversations = reader.read()
            return (conversations.map(RawChat.conversation), reader.diagnostics)
        }
        var reader = ArchiveReader()
        if source.kind == .file, let file = source.files.first {
            if !isMessages(file), isIndex(file) {
                return ([], [.warning(SourceLocation(file: file.path), "a zulip-archive stream index without its topic files (put the whole folder in content/); skipped")])
            }
            let folder = isTopicPath(file.path)
            reader.readTopicFile(file, stream: folder.map { Stream(id: String($0.id), name: $0.name) }, fileName: (file.path as NSString).lastPathComponent)
            return (reader.conversations().map(RawChat.conversation), reader.diagnostics)
        }

        // The archive's own folder: where stream_index.json is (else the top of the source).
        let index = source.files.filter { ($0.path as NSString).lastPathComponent == indexName }.min { $0.path.count < $1.path.count }
        let root = index.map { (source.name(of: $0) as NSString).deletingLastPathComponent } ?? ""
        var streams: [Int: String] = [:]
        /// The topics the index lists, by stream id.
        var listed: [Int: [String]] = [:]
        if let index {
            let (json, problem) = JSONSource.parse(index)
            if let problem { reader.diagnostics.append(problem) }
            if let list = (json as? [String: Any])?["streams"] as? [String: Any] {
                for (name, value) in list {
                    guard let stream = value as? [String: Any], let id = JSONSource.int(stream["id"]) else { continue }
                    streams[id] = name
                    listed[id] = ((stream["topic_data"] as? [String: Any]) ?? [:]).keys.sorted()
                }
            } else if json != nil {
                reader.diagnostics.append(.warning(SourceLocation(file: index.path), "stream index without a 'streams' object: streams are named by their folders"))
            }
        }
        let prefix = root.isEmpty ? "" : root + "/"
        var found = Set<String>()
        for file in source.files where file.path != index?.path {
            let name = source.name(of: file)
            guard name.hasPrefix(prefix) else { continue }
            let parts = name.dropFirst(prefix.count).split(separator: "/")
            guard parts.count == 2, parts[1].lowercased().hasSuffix(".json"), let folder = streamFolder(parts[0]) else {
                if name.lowercased().hasSuffix(".json") {
                    reader.diagnostics.append(.warning(SourceLocation(file: file.path), "not in a zulip-archive stream folder (<id>-<name>/<topic>.json); skipped"))
                }
                continue
            }
            found.insert("\(folder.id)/\(topicName(fileName: String(parts[1])))")
            reader.readTopicFile(file, stream: Stream(id: String(folder.id), name: streams[folder.id] ?? folder.name), fileName: String(parts[1]))
        }
        // Topics the index lists without a file: an archive copied in part.
        let missing = listed.keys.sorted().flatMap { id in (listed[id] ?? []).filter { !found.contains("\(id)/\($0)") }.map { (id, $0) } }
        if let index, let first = missing.first {
            reader.diagnostics.append(.warning(SourceLocation(file: index.path),
                "\(Wording.plural(missing.count, "topic")) listed here \(missing.count == 1 ? "has" : "have") no file in the archive, such as '\(first.1)' in #\(streams[first.0] ?? String(first.0))"))
        }
        let conversations = reader.conversations()
        if conversations.isEmpty {
            reader.diagnostics.append(.warning(SourceLocation(file: source.path), "zulip-archive folder with no topic messages; skipped"))
        }
        return (conversations.map(RawChat.conversation), reader.diagnostics)
    }

    struct Stream: Hashable {
        var id: String?
        var name: String
        /// Direct messages among the people it names: a private conversation, not a stream.
        var isPrivate = false
    }

    /// One message as read, before the topics are made threads.
    struct Message {
        var event: RawEvent
        var topic: String
    }

    /// Topic files read one after another into streams.
    struct ArchiveReader {
        var diagnostics: [Diagnostic] = []
        /// Messages by stream, in reading order (nil: a file that names no stream).
        private var messages: [Stream?: [Message]] = [:]
        private var order: [Stream?] = []
        private var users: [String: RawUser] = [:]
        private var workspace: String?
        private var firstFile: [Stream?: String] = [:]

        mutating func readTopicFile(_ file: SourceFile, stream folderStream: Stream?, fileName: String) {
            let (json, problem) = JSONSource.parse(file)
            if let problem { diagnostics.append(problem); return }
            guard let list = (json as? [Any]) ?? ((json as? [String: Any])?["messages"] as? [Any]) else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "not a list of Zulip messages; skipped"))
                return
            }
            let fileTopic = ZulipReader.topicName(fileName: fileName)
            let lines = JSONLines.lines(ofKey: "id", in: file.text, keeping: .first)
            for (position, item) in list.enumerated() {
                guard let message = item as? [String: Any] else {
                    diagnostics.append(.warning(SourceLocation(file: file.path), "message \(position + 1) is not an object; skipped"))
                    continue
                }
                let id = JSONSource.string(message["id"])
                let location = SourceLocation(file: file.path, line: id.flatMap { lines[$0] })
                let named = id.map { "message \($0)" } ?? "message \(position + 1)"
                guard let seconds = (message["timestamp"] as? NSNumber)?.doubleValue ?? JSONSource.string(message["timestamp"]).flatMap(Double.init) else {
                    diagnostics.append(.warning(location, "\(named) has no time ('timestamp'); skipped"))
                    continue
                }
                let sender = JSONSource.string(message["sender_full_name"]).flatMap { $0.isEmpty ? nil : $0 }
                if sender == nil { diagnostics.append(.warning(location, "\(named) has no sender ('sender_full_name'); shown without one")) }
                var html = ZulipHTML.text(JSONSource.string(message["content"]) ?? "")
                let isAction = html.dropMeCommand() || JSONSource.bool(message["is_me_message"])
                for (name, native) in html.mentioned where users[native] == nil { users[native] = RawUser(displayName: name) }
                if let sender { users[sender.lowercased()] = RawUser(displayName: sender) }
                var reactions: [RawReaction] = []
                for reaction in (message["reactions"] as? [[String: Any]]) ?? [] {
                    let emoji = ZulipHTML.emoji(code: JSONSource.string(reaction["emoji_code"]), type: JSONSource.string(reaction["reaction_type"]),
                                                name: JSONSource.string(reaction["emoji_name"]) ?? "?")
                    let who = ((reaction["user"] as? [String: Any]).flatMap { JSONSource.string($0["full_name"]) }).map { $0.lowercased() }
                    if let index = reactions.firstIndex(where: { $0.emoji == emoji }) {
                        reactions[index].count += 1
                        if let who, !reactions[index].users.contains(who) { reactions[index].users.append(who) }
                    } else {
                        reactions.append(RawReaction(emoji: emoji, count: 1, users: who.map { [$0] } ?? []))
                    }
                }
                // API messages say whether they were sent to a stream; a private one's recipients
                // are its people (their names only: the objects also hold e-mail addresses).
                let isPrivate = JSONSource.string(message["type"]).map { $0 != "stream" } ?? false
                let stream: Stream?
                if isPrivate {
                    let people = (message["display_recipient"] as? [[String: Any]] ?? []).compactMap { JSONSource.string($0["full_name"]) }
                    let names = Array(Set(people + [sender].compactMap { $0 })).sorted()
                    stream = Stream(id: "private:" + names.map { $0.lowercased() }.joined(separator: ","),
                                    name: names.isEmpty ? "direct messages" : names.joined(separator: ", "), isPrivate: true)
                } else {
                    stream = JSONSource.string(message["display_recipient"]).map { Stream(id: JSONSource.string(message["stream_id"]), name: $0) } ?? folderStream
                }
                let topic = JSONSource.string(message["subject"] ?? message["topic"]) ?? fileTopic
                if workspace == nil { workspace = JSONSource.string(message["sender_realm_str"]) }
                let event = RawEvent(
                    kind: isAction ? .action : .message,
                    id: id ?? "\(topic)/\(position + 1)", author: sender.map { .id($0.lowercased()) }, authorName: sender,
                    time: Date(timeIntervalSince1970: seconds), text: html.text, marks: html.marks, reactions: reactions,
                    attachments: html.uploadAttachments,
                    isEdited: message["last_edit_timestamp"] != nil || message["edit_history"] != nil, location: location
                )
                if messages[stream] == nil {
                    order.append(stream)
                    firstFile[stream] = file.path
                }
                messages[stream, default: []].append(Message(event: event, topic: topic))
            }
        }

        /// One conversation a stream, each topic a thread. A lone file that names no
        /// stream is a conversation named by its topic.
        func conversations() -> [RawConversation] {
            var result: [RawConversation] = []
            for stream in order {
                guard let list = messages[stream], !list.isEmpty else { continue }
                // Direct messages have no topics: one conversation, in order.
                let topics = stream?.isPrivate == true ? [] : list.reduce(into: [String]()) { if !$0.contains($1.topic) { $0.append($1.topic) } }
                let named = stream == nil && topics.count == 1
                var events: [RawEvent] = stream?.isPrivate == true ? list.map(\.event) : []
                for topic in topics {
                    let thread = list.filter { $0.topic == topic }.map(\.event)
                    // The topic's first message is the root (the export's order on a tie).
                    guard let root = thread.enumerated().min(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) })?.element else { continue }
                    if !named {
                        events.append(RawEvent(kind: .system, time: root.time, text: "Topic: \(topic)", location: root.location))
                    }
                    for var event in thread {
                        if event.id != root.id { event.threadID = root.id }
                        events.append(event)
                    }
                }
                let channel = stream.map { RawChannel(platform: "zulip", workspace: workspace, name: $0.name, id: $0.id, prefix: $0.isPrivate ? "" : "#") }
                    ?? RawChannel(platform: "zulip", workspace: workspace,
                                  name: named ? topics[0] : ((((firstFile[stream] ?? "") as NSString).lastPathComponent) as NSString).deletingPathExtension)
                result.append(RawConversation(format: .zulip, channel: channel, users: users, events: events,
                                              source: SourceLocation(file: firstFile[stream] ?? ""), isPrivate: stream?.isPrivate ?? false))
            }
            return result
        }

    }
}

/// Zulip's own export of an organization (`manage.py export`, or the web app's export,
/// unpacked): `realm.json` (the realm, users, streams, recipients, reactions),
/// `messages-000001.json`… (`zerver_message`), `attachment.json` and `uploads/`. People
/// are `zulip:<user id>`, named by their full names. Direct messages (recipients of type 1,
/// a person, and 3, a direct message group) are private conversations, one per set of people.
struct ServerExportReader {
    let source: Source
    let realm: SourceFile
    var diagnostics: [Diagnostic] = []

    init(source: Source, realm: SourceFile) {
        self.source = source
        self.realm = realm
    }

    mutating func read() -> [RawConversation] {
        let root = (source.name(of: realm) as NSString).deletingLastPathComponent
        let prefix = root.isEmpty ? "" : root + "/"
        let (json, problem) = JSONSource.parse(realm)
        if let problem { diagnostics.append(problem) }
        guard let tables = json as? [String: Any] else {
            if json != nil { diagnostics.append(.warning(SourceLocation(file: realm.path), "realm.json is not an object of tables; skipped")) }
            return []
        }
        func rows(_ table: String, in tables: [String: Any]) -> [[String: Any]] { (tables[table] as? [Any] ?? []).compactMap { $0 as? [String: Any] } }

        let workspace = rows("zerver_realm", in: tables).first.flatMap { JSONSource.string($0["name"]) }.flatMap { $0.isEmpty ? nil : $0 }
        var users: [String: RawUser] = [:]
        for user in rows("zerver_userprofile", in: tables) {
            guard let id = JSONSource.string(user["id"]) else { continue }
            let isBot = JSONSource.bool(user["is_bot"]) || (user["bot_type"].map { !($0 is NSNull) } ?? false)
            users[id] = RawUser(displayName: JSONSource.string(user["full_name"]), isBot: isBot)
        }
        // The server's own bots (`notification-bot@zulip.com`): named by their address's
        // first part, a role and no one's address.
        for user in rows("zerver_userprofile_crossrealm", in: tables) {
            guard let id = JSONSource.string(user["id"]), users[id] == nil else { continue }
            let role = JSONSource.string(user["email"]).flatMap { $0.split(separator: "@").first }
                .map { $0.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ") }
            users[id] = RawUser(displayName: JSONSource.string(user["full_name"]) ?? role, isBot: true)
        }
        for user in rows("zerver_userprofile_mirrordummy", in: tables) {
            guard let id = JSONSource.string(user["id"]), users[id] == nil else { continue }
            users[id] = RawUser(displayName: JSONSource.string(user["full_name"]))
        }
        var streams: [String: (name: String, topic: String?)] = [:]
        for stream in rows("zerver_stream", in: tables) {
            guard let id = JSONSource.string(stream["id"]), let name = JSONSource.string(stream["name"]) else { continue }
            streams[id] = (name, JSONSource.string(stream["description"]).flatMap { $0.isEmpty ? nil : $0 })
        }
        // Recipient id → the stream it is (type 2); type 1 is a person (their direct
        // messages), type 3 a direct message group, whose members are its subscribers.
        var streamOfRecipient: [String: String] = [:], personOfRecipient: [String: String] = [:]
        var groupRecipients = Set<String>()
        for recipient in rows("zerver_recipient", in: tables) {
            guard let id = JSONSource.string(recipient["id"]), let target = JSONSource.string(recipient["type_id"]) else { continue }
            switch JSONSource.int(recipient["type"]) {
            case 1: personOfRecipient[id] = target
            case 2: streamOfRecipient[id] = target
            case 3: groupRecipients.insert(id)
            default: break
            }
        }
        var groupMembers: [String: Set<String>] = [:]
        for subscription in rows("zerver_subscription", in: tables) {
            guard let recipient = JSONSource.string(subscription["recipient"]), groupRecipients.contains(recipient),
                  let user = JSONSource.string(subscription["user_profile"]) else { continue }
            groupMembers[recipient, default: []].insert(user)
        }
        var reactions: [String: [RawReaction]] = [:]
        for reaction in rows("zerver_reaction", in: tables) {
            guard let message = JSONSource.string(reaction["message"]) else { continue }
            let emoji = ZulipHTML.emoji(code: JSONSource.string(reaction["emoji_code"]), type: JSONSource.string(reaction["reaction_type"]),
                                        name: JSONSource.string(reaction["emoji_name"]) ?? "?")
            let user = JSONSource.string(reaction["user_profile"])
            var list = reactions[message] ?? []
            if let index = list.firstIndex(where: { $0.emoji == emoji }) {
                list[index].count += 1
                if let user, !list[index].users.contains(user) { list[index].users.append(user) }
            } else {
                list.append(RawReaction(emoji: emoji, count: 1, users: user.map { [$0] } ?? []))
            }
            reactions[message] = list
        }
        // Uploaded files, by message: the export holds them under `uploads/<path_id>`.
        var attachments: [String: [RawAttachment]] = [:]
        let media = Set(source.media + source.files.map { source.name(of: $0) })
        if let file = source.file(prefix + "attachment.json") {
            let (json, problem) = JSONSource.parse(file)
            if let problem { diagnostics.append(problem) }
            for row in rows("zerver_attachment", in: (json as? [String: Any]) ?? [:]) {
                guard let name = JSONSource.string(row["file_name"]) else { continue }
                let path = JSONSource.string(row["path_id"]).flatMap(SourceFinder.safeEntryName).map { prefix + "uploads/" + $0 }
                let held = path.flatMap { media.contains($0) ? $0 : nil }
                let attachment = RawAttachment(name: name, size: JSONSource.int(row["size"]), path: held, access: held == nil ? .needsLogin : nil)
                for message in (row["messages"] as? [Any] ?? []).compactMap(JSONSource.string) { attachments[message, default: []].append(attachment) }
            }
        }

        let messageFiles = source.files.filter {
            let name = source.name(of: $0)
            return name.hasPrefix(prefix) && !name.dropFirst(prefix.count).contains("/")
                && name.dropFirst(prefix.count).hasPrefix("messages-") && name.hasSuffix(".json")
        }.sorted { $0.path < $1.path }
        if messageFiles.isEmpty {
            diagnostics.append(.warning(SourceLocation(file: realm.path), "Zulip export without messages-*.json files; nothing to read"))
        }
        var events: [String: [(event: RawEvent, topic: String)]] = [:]
        var firstFile: [String: String] = [:]
        /// Direct conversations by their people's sorted ids (`private:3,7`), as keys of `events`.
        var directPeople: [String: [String]] = [:]
        for file in messageFiles {
            let (json, problem) = JSONSource.parse(file)
            if let problem { diagnostics.append(problem); continue }
            guard let object = json as? [String: Any], let list = object["zerver_message"] as? [Any] else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "no 'zerver_message' list; skipped"))
                continue
            }
            let lines = JSONLines.lines(ofKey: "id", in: file.text, keeping: .first)
            for (position, item) in list.enumerated() {
                guard let message = item as? [String: Any] else { continue }
                let id = JSONSource.string(message["id"])
                let location = SourceLocation(file: file.path, line: id.flatMap { lines[$0] })
                let named = id.map { "message \($0)" } ?? "message \(position + 1)"
                guard let recipient = JSONSource.string(message["recipient"]) else {
                    diagnostics.append(.warning(location, "\(named) has no recipient; skipped"))
                    continue
                }
                let sender = JSONSource.string(message["sender"])
                let stream: String
                if let known = streamOfRecipient[recipient] {
                    stream = known
                } else {
                    // A direct message: between its sender and the person, or among the group's members.
                    var people = groupMembers[recipient] ?? []
                    if let person = personOfRecipient[recipient] { people.insert(person) }
                    if let sender { people.insert(sender) }
                    guard personOfRecipient[recipient] != nil || groupRecipients.contains(recipient) else {
                        diagnostics.append(.warning(location, "\(named) has a recipient the export does not list; skipped"))
                        continue
                    }
                    let ids = people.sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
                    stream = "private:" + ids.joined(separator: ",")
                    directPeople[stream] = ids
                }
                guard let seconds = ((message["date_sent"] ?? message["pub_date"]) as? NSNumber)?.doubleValue else {
                    diagnostics.append(.warning(location, "\(named) has no time ('date_sent'); skipped"))
                    continue
                }
                var html: ZulipHTML
                if let rendered = JSONSource.string(message["rendered_content"]) {
                    html = ZulipHTML.text(rendered, mentionsByID: true)
                } else {
                    // Not rendered: the Markdown as written, its simple styles read.
                    let styled = InlineMarkup.apply(MarkedText(text: JSONSource.string(message["content"]) ?? "", marks: []), .zulip)
                    html = ZulipHTML()
                    html.text = styled.text
                    html.marks = styled.marks
                }
                let isAction = html.dropMeCommand()
                let topic = JSONSource.string(message["subject"] ?? message["topic_name"]) ?? ""
                let event = RawEvent(
                    kind: isAction ? .action : .message, id: id ?? "\(stream)/\(position + 1)", author: sender.map(RawAuthor.id),
                    time: Date(timeIntervalSince1970: seconds), text: html.text, marks: html.marks,
                    reactions: id.flatMap { reactions[$0] } ?? [],
                    attachments: id.flatMap { attachments[$0] } ?? html.uploadAttachments,
                    isEdited: message["last_edit_time"].map { !($0 is NSNull) } ?? false, location: location
                )
                if events[stream] == nil { firstFile[stream] = file.path }
                events[stream, default: []].append((event, topic))
            }
        }

        var conversations: [RawConversation] = []
        for stream in events.keys.sorted(by: { (streams[$0]?.name ?? $0, $0) < (streams[$1]?.name ?? $1, $1) }) {
            let list = events[stream] ?? []
            if let people = directPeople[stream] {
                // Direct messages have no topics: one conversation, in order, named by its people.
                let names = people.map { users[$0]?.shownName ?? Wording.unknownPerson }.sorted()
                conversations.append(RawConversation(
                    format: .zulip, channel: RawChannel(platform: "zulip", workspace: workspace, name: names.joined(separator: ", "), id: stream),
                    users: users, events: list.map(\.event), source: SourceLocation(file: firstFile[stream] ?? realm.path), isPrivate: true
                ))
                continue
            }
            var threaded: [RawEvent] = []
            var roots: [String: RawEvent] = [:]
            for (event, topic) in list.sorted(by: { $0.event.time < $1.event.time }) where roots[topic] == nil {
                roots[topic] = event
            }
            for (event, topic) in list {
                var event = event
                if let root = roots[topic] {
                    if event.id == root.id {
                        threaded.append(RawEvent(kind: .system, time: root.time, text: "Topic: \(topic)", location: root.location))
                    } else {
                        event.threadID = root.id
                    }
                }
                threaded.append(event)
            }
            let info = streams[stream]
            conversations.append(RawConversation(
                format: .zulip,
                channel: RawChannel(platform: "zulip", workspace: workspace, name: info?.name ?? stream, id: stream, topic: info?.topic, prefix: "#"),
                users: users, events: threaded, source: SourceLocation(file: firstFile[stream] ?? realm.path)
            ))
        }
        return conversations
    }
}

extension InlineMarkup.Dialect {
    /// Zulip's Markdown, for a message the export did not render: `*italic*`, `**bold**`,
    /// `~~strike~~`, `` `code` ``, `>` quote lines. `_` is no marker in Zulip; fenced blocks
    /// (which may be ```` ```spoiler Title ```` or ```` ```quote ````) stay as written.
    static let zulip = InlineMarkup.Dialect(
        delimiters: ["*": [1: [.italic], 2: [.bold], 3: [.bold, .italic]], "~": [2: [.strike]]],
        fences: .none, quotes: true, quoteNeedsSpace: false, quoteIndent: true, quoteRest: false, escapes: true)
}

/// Zulip's rendered message HTML as plain text and marks, tolerant of any input: block
/// elements become line breaks, `<a href>` its text marked as a link (web addresses only),
/// user mentions the name marked as a mention, `<strong>` `<em>` `<del>` `<code>` `<pre>`
/// `<blockquote>` and spoilers' content marked as styles, emoji as the characters (custom
/// ones as `:name:`), entities decoded. Images (never hot-linked),
/// previews, scripts and styles are dropped; uploaded files' links are also attachments.
struct ZulipHTML {
    var text = ""
    var marks: [RawMark] = []
    /// Uploaded files linked from the message (`/user_uploads/…`), by name.
    var uploads: [String] = []
    /// Their addresses, by name, where the message gives a whole one (`https://zulip.example/user_uploads/…`).
    var uploadAddresses: [String: String] = [:]

    /// The uploads as attachments: on the Zulip server, for its members only.
    var uploadAttachments: [RawAttachment] {
        uploads.map { RawAttachment(name: $0, url: uploadAddresses[$0], access: .needsLogin) }
    }
    /// Mentioned people: the name as written and its key (lower-cased).
    var mentioned: [(String, String)] = []

    private enum Role {
        case plain, block, item, link(String), mention(String?), quote, pre, list, math, annotation, emoji
    }
    private struct Open {
        var name: String
        var role: Role
        var skip = false
        /// Where its text starts: set at its first visible character, for marks.
        var start: Int?
        var style: TextStyle.Kind?
    }
    private var stack: [Open] = []
    private var skipping = 0
    private var pendingSpace = false
    private var pendingBreaks = 0
    private var pendingMarker: String?
    private var preDepth = 0
    private var preNewlines = 0
    private var wrotePre = false
    private var mathDepth = 0
    private var annotationDepth = 0
    private var lists: [(ordered: Bool, count: Int)] = []

    /// Elements that style the text inside them (`<code>` only outside `<pre>`).
    static let inlineStyles: [String: TextStyle.Kind] = [
        "strong": .bold, "b": .bold, "em": .italic, "i": .italic, "u": .underline,
        "del": .strike, "s": .strike, "strike": .strike, "code": .code,
    ]
    static let voidElements: Set<String> = ["br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param", "track", "base"]
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "template", "noscript", "iframe", "xmp"]
    static let blockElements: Set<String> = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "section",
                                            "article", "header", "footer", "details", "summary", "figure", "dl", "dt", "dd", "center", "address"]
    /// Elements whose content is never text: media and Zulip's link and image previews.
    static let skippedElements: Set<String> = ["audio", "video", "object", "svg", "canvas", "select", "button", "head"]
    static let skippedClasses: Set<String> = ["message_inline_image", "message_inline_ref", "youtube-video", "message_embed",
                                             "inline-preview-twitter", "twitter-tweet", "katex-html", "message_inline_animated_image_still"]

    /// Mentions by the user id Zulip's HTML gives (server exports), else by the name.
    private var mentionsByID = false

    /// The text, its marks, the uploads it links and the people it mentions.
    static func text(_ html: String, mentionsByID: Bool = false) -> ZulipHTML {
        var converter = ZulipHTML()
        converter.mentionsByID = mentionsByID
        converter.parse(Array(html.utf8))
        return converter
    }

    /// `/me waves` (Zulip keeps the command in the text): `waves`, and whether it was there.
    mutating func dropMeCommand() -> Bool {
        guard text.hasPrefix("/me ") else { return false }
        text.removeFirst(4)
        marks = marks.filter { $0.range.lowerBound >= 4 }.map { RawMark($0.kind, range: ($0.range.lowerBound - 4)..<($0.range.upperBound - 4)) }
        return true
    }

    private mutating func parse(_ bytes: [UInt8]) {
        var i = 0
        let n = bytes.count
        while i < n {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < n else {
                let end = bytes[i...].dropFirst().firstIndex(of: UInt8(ascii: "<")) ?? n
                characters(Self.decode(String(decoding: bytes[i..<end], as: UTF8.self)))
                i = end
                continue
            }
            let next = bytes[i + 1]
            if bytes[i...].starts(with: Array("<!--".utf8)) {
                i = Self.find(Array("-->".utf8), in: bytes, from: i + 4).map { $0 + 3 } ?? n
            } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                i = (bytes[i...].firstIndex(of: UInt8(ascii: ">")) ?? n - 1) + 1
            } else if next == UInt8(ascii: "/") || Self.isLetter(next) {
                guard let (tag, end) = Self.tag(bytes, at: i) else {
                    characters("<")
                    i += 1
                    continue
                }
                i = end
                if tag.closing {
                    endTag(tag.name)
                } else if Self.rawTextElements.contains(tag.name) {
                    // Their content is never shown: skip to the closing tag.
                    let closer = Array("</\(tag.name)".utf8)
                    i = Self.find(closer, in: bytes, from: i, caseInsensitive: true)
                        .map { start in (bytes[start...].firstIndex(of: UInt8(ascii: ">")) ?? n - 1) + 1 } ?? n
                } else {
                    startTag(tag.name, tag.attributes, selfClosing: tag.selfClosing)
                }
            } else {
                characters("<")
                i += 1
            }
        }
        while !stack.isEmpty { close() }
    }

    private struct Tag {
        var name: String
        var attributes: [String: String]
        var closing: Bool
        var selfClosing: Bool
    }

    /// The tag opening at `start` and the index after it; nil when it never closes.
    private static func tag(_ bytes: [UInt8], at start: Int) -> (Tag, Int)? {
        var i = start + 1
        let closing = bytes[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        let nameStart = i
        while i < bytes.count, isLetter(bytes[i]) || (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == UInt8(ascii: "-") { i += 1 }
        let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
        var attributes: [String: String] = [:]
        var selfClosing = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: ">") { return (Tag(name: name, attributes: attributes, closing: closing, selfClosing: selfClosing), i + 1) }
            if isSpace(byte) { i += 1; continue }
            if byte == UInt8(ascii: "/") { selfClosing = true; i += 1; continue }
            selfClosing = false
            let keyStart = i
            while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") { i += 1 }
            let key = String(decoding: bytes[keyStart..<i], as: UTF8.self).lowercased()
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            var value = ""
            if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                i += 1
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                    let quote = bytes[i]
                    guard let close = bytes[(i + 1)...].firstIndex(of: quote) else { return nil }
                    value = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                    i = close + 1
                } else {
                    let valueStart = i
                    while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                    value = String(decoding: bytes[valueStart..<i], as: UTF8.self)
                }
            }
            if !key.isEmpty, attributes[key] == nil { attributes[key] = decode(value) }
        }
        return nil
    }

    private mutating func startTag(_ name: String, _ attributes: [String: String], selfClosing: Bool) {
        let classes = Set((attributes["class"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        if Self.voidElements.contains(name) {
            guard skipping == 0 else { return }
            switch name {
            case "br": pendingBreaks = min(pendingBreaks + 1, 2)
            case "hr": block()
            case "img":
                // Emoji images (custom emoji) as their `:name:`; other images are dropped.
                if let alt = attributes["alt"] ?? attributes["title"], classes.contains("emoji") || (alt.hasPrefix(":") && alt.hasSuffix(":") && alt.count > 2) {
                    put(Self.emoji(shortcode: alt))
                }
            default: break
            }
            return
        }
        // `<p>` and `<li>` close an open one of their kind, as HTML has it.
        if name == "p" || name == "li", let top = stack.last, top.name == name { close() }
        var open = Open(name: name, role: .plain)
        if skipping > 0 || Self.skippedElements.contains(name) || !classes.isDisjoint(with: Self.skippedClasses) {
            open.skip = true
        } else if name == "a" {
            let href = attributes["href"] ?? ""
            if href.hasPrefix("/user_uploads/") || href.contains("/user_uploads/"), let file = href.split(separator: "/").last {
                let decoded = String(file).removingPercentEncoding ?? String(file)
                if !uploads.contains(decoded) { uploads.append(decoded) }
                if uploadAddresses[decoded] == nil, let address = Attachment.webAddress(href) { uploadAddresses[decoded] = address }
            }
            let lower = href.lowercased()
            open.role = lower.hasPrefix("http://") || lower.hasPrefix("https://") ? .link(href) : .plain
        } else if name == "span", classes.contains("user-mention") {
            let id = attributes["data-user-id"]
            open.role = id == "*" ? .plain : .mention(mentionsByID ? id : nil)
        } else if name == "span", classes.contains("emoji") {
            let code = classes.first { $0.hasPrefix("emoji-") }.map { String($0.dropFirst(6)) }
            if let emoji = code.flatMap(Self.characters(code:)) {
                put(emoji)
                open.skip = true
            } else {
                open.role = .emoji
            }
        } else if let style = Self.inlineStyles[name], style != .code || preDepth == 0 {
            open.style = style
        } else if name == "blockquote" {
            block()
            open.role = .quote
            open.style = .quote
        } else if name == "pre" {
            block()
            preDepth += 1
            preNewlines = 0
            wrotePre = false
            open.role = .pre
            open.style = .pre
        } else if name == "ul" || name == "ol" {
            if lists.isEmpty { block() } else { pendingBreaks = max(pendingBreaks, 1) }
            lists.append((name == "ol", Int(attributes["start"] ?? "").map { $0 - 1 } ?? 0))
            open.role = .list
        } else if name == "li" {
            pendingBreaks = max(pendingBreaks, out.isEmpty ? 0 : 1)
            if var list = lists.popLast() {
                list.count += 1
                lists.append(list)
                pendingMarker = String(repeating: "  ", count: lists.count - 1) + (list.ordered ? "\(list.count). " : "- ")
            } else {
                pendingMarker = "- "
            }
            open.role = .item
        } else if name == "math" {
            mathDepth += 1
            open.role = .math
        } else if name == "annotation" {
            annotationDepth += 1
            open.role = .annotation
        } else if name == "td" || name == "th" {
            pendingSpace = true
        } else if Self.blockElements.contains(name) {
            block()
            open.role = .block
            // `<div class="spoiler-content">`: hidden under its header until opened.
            if classes.contains("spoiler-content") { open.style = .spoiler }
        }
        if open.skip { skipping += 1 }
        stack.append(open)
        if selfClosing { close() }
    }

    private var out: String { text }

    private mutating func endTag(_ name: String) {
        guard let index = stack.lastIndex(where: { $0.name == name }) else { return }
        while stack.count > index { close() }
    }

    /// Closes the innermost open element.
    private mutating func close() {
        guard let open = stack.popLast() else { return }
        if open.skip { skipping -= 1; return }
        if let style = open.style, let start = open.start, start < text.utf8.count {
            marks.append(RawMark(.style(style), range: start..<text.utf8.count))
        }
        switch open.role {
        case .link(let url):
            if let start = open.start, start < text.utf8.count { marks.append(RawMark(.link(url), range: start..<text.utf8.count)) }
        case .mention(let id):
            if let start = open.start, start < text.utf8.count {
                let shown = String(decoding: Array(text.utf8)[start...], as: UTF8.self)
                let name = shown.hasPrefix("@") ? String(shown.dropFirst()) : shown
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                if let id, !id.isEmpty {
                    marks.append(RawMark(.mention(id), range: start..<text.utf8.count))
                } else if !trimmed.isEmpty {
                    marks.append(RawMark(.mention(trimmed.lowercased()), range: start..<text.utf8.count))
                    mentioned.append((trimmed, trimmed.lowercased()))
                }
            }
        case .quote:
            block()
        case .pre:
            preDepth -= 1
            preNewlines = 0
            block()
        case .list:
            lists.removeLast()
            if lists.isEmpty { block() } else { pendingBreaks = max(pendingBreaks, 1) }
        case .math: mathDepth -= 1
        case .annotation: annotationDepth -= 1
        case .block: block()
        case .item: pendingBreaks = max(pendingBreaks, 1)
        case .plain, .emoji: break
        }
    }

    private mutating func block() { pendingBreaks = 2 }

    /// A text node: whitespace collapsed outside `<pre>`, kept inside.
    private mutating func characters(_ string: String) {
        guard skipping == 0, mathDepth == 0 || annotationDepth > 0 else { return }
        if let top = stack.last, case .emoji = top.role {
            put(Self.emoji(shortcode: string.trimmingCharacters(in: .whitespaces)))
            return
        }
        if preDepth > 0 {
            for char in string where char != "\r" {
                if char == "\n" {
                    if wrotePre { preNewlines += 1 }
                    continue
                }
                if preNewlines > 0 {
                    text += String(repeating: "\n", count: preNewlines)
                    preNewlines = 0
                }
                put(String(char))
                wrotePre = true
            }
            return
        }
        var word = ""
        for char in string {
            if char.isWhitespace {
                if !word.isEmpty { put(word); word = "" }
                pendingSpace = true
            } else {
                word.append(char)
            }
        }
        if !word.isEmpty { put(word) }
    }

    /// Visible text: the pending space or line breaks first, then marks that wait for their start.
    private mutating func put(_ piece: String) {
        guard !piece.isEmpty else { return }
        var lineStart: Int?
        if text.isEmpty || pendingBreaks > 0 {
            if !text.isEmpty { text += String(repeating: "\n", count: pendingBreaks) }
            lineStart = text.utf8.count
            if let marker = pendingMarker { text += marker }
        } else if pendingSpace {
            text += " "
        }
        pendingSpace = false
        pendingBreaks = 0
        pendingMarker = nil
        let offset = text.utf8.count
        for index in stack.indices where stack[index].start == nil {
            switch stack[index].role {
            case .link, .mention: stack[index].start = offset
            // A quote or spoiler that opens with a list holds its first item's `- ` too.
            case .quote, .block: if stack[index].style != nil { stack[index].start = lineStart ?? offset }
            default: if stack[index].style != nil { stack[index].start = offset }
            }
        }
        text += piece
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, caseInsensitive: Bool = false) -> Int? {
        guard !needle.isEmpty, from <= bytes.count - needle.count else { return nil }
        for start in from...(bytes.count - needle.count) {
            var matched = true
            for (offset, byte) in needle.enumerated() {
                let other = bytes[start + offset]
                if caseInsensitive ? (other | 0x20) != (byte | 0x20) : other != byte { matched = false; break }
            }
            if matched { return start }
        }
        return nil
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` `&apos;` `&nbsp;` and numeric references decoded;
    /// other names stay as written.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = "", rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest.index(after: amp)
            guard let semicolon = rest[after...].prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[after...]
                continue
            }
            let name = rest[after..<semicolon]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            case "nbsp": decoded = " "
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                }
            }
            if let decoded, decoded != "\0" {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[after...]
            }
        }
        return result + rest
    }

    /// `1f468-200d-1f4bb` → 👨‍💻: the code points Zulip names its emoji by.
    static func characters(code: String) -> String? {
        let scalars = code.split(separator: "-").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
        guard !scalars.isEmpty, scalars.count <= 10, scalars.count == code.split(separator: "-").count,
              scalars.contains(where: { $0.value > 0x7F }) else { return nil }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    /// `:smile:` → 😄 where Confab knows the name; `:name:` otherwise (a custom emoji).
    static func emoji(shortcode: String) -> String { Emoji.named(shortcode) }

    /// A reaction: the code points of a Unicode emoji, else its name.
    static func emoji(code: String?, type: String?, name: String) -> String {
        if type == nil || type == "unicode_emoji", let code, let characters = characters(code: code) { return characters }
        return emoji(shortcode: name)
    }
}
