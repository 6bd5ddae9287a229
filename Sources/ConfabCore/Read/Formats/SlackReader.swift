import Foundation

/// Slack: a workspace export (zip or folder: `channels.json`, `groups.json`, `users.json`
/// and `<channel>/YYYY-MM-DD.json` day files), or one channel's messages as the Web API's
/// `conversations.history` returns them (`{"ok": true, "messages": […]}`, as slackdump
/// and archivers save them). Direct messages (`dms.json`, `mpims.json`) are not read.
/// Only names are taken from profiles: never e-mail addresses, phone numbers or avatars.
enum SlackReader: FormatReader {
    static let format = SourceFormat.slack
    static let listFiles = ["channels.json", "groups.json", "users.json", "dms.json", "mpims.json", "integration_logs.json"]

    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains("channels.json") || names.contains("users.json") || names.contains("groups.json")
    }

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        switch source.kind {
        case .folder, .zip:
            return source.files.contains { listFiles.contains(($0.path as NSString).lastPathComponent) && isDayFolderSibling($0, in: source) } ? 95 : 0
        case .file:
            guard let file = source.files.first, let opening = JSONSource.opening(file.text) else { return 0 }
            let head = JSONSource.head(file.text)
            guard head.contains("\"ts\"") else { return 0 }
            if opening == "{", head.contains("\"messages\"") { return 80 }
            if opening == "[", head.contains("\"type\": \"message\"") || head.contains("\"type\":\"message\"") { return 70 }
            return 0
        }
    }

    /// `channels.json` beside the day folders (at the top of the source, or one folder down in a zip).
    static func isDayFolderSibling(_ file: SourceFile, in source: Source) -> Bool {
        source.name(of: file).split(separator: "/").count <= 2
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        if source.kind == .file, let file = source.files.first {
            let (json, problem) = JSONSource.parse(file)
            if let problem { return ([], [problem]) }
            let object = json as? [String: Any]
            guard let list = (object?["messages"] ?? json) as? [Any] else {
                return ([], [.warning(SourceLocation(file: file.path), "Slack messages file without a 'messages' list; skipped")])
            }
            let channelName = JSONSource.string(object?["channel_name"] ?? object?["name"])
                ?? ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            var reader = DayReader(users: [:], diagnostics: [])
            let events = reader.events(list, file: file)
            diagnostics += reader.diagnostics
            let channel = RawChannel(platform: "slack", name: channelName, id: JSONSource.string(object?["channel_id"] ?? object?["channel"]), prefix: "#")
            return ([.conversation(RawConversation(format: .slack, channel: channel, events: events, source: SourceLocation(file: file.path)))], diagnostics)
        }

        // The export's own folder inside the source: where channels.json (or users.json) is.
        let marker = source.files.filter { listFiles.contains(($0.path as NSString).lastPathComponent) }
            .map { source.name(of: $0) }.min { $0.count < $1.count } ?? ""
        let root = (marker as NSString).deletingLastPathComponent
        func file(_ name: String) -> SourceFile? { source.file(root.isEmpty ? name : "\(root)/\(name)") }
        func list(_ name: String) -> [[String: Any]]? {
            guard let file = file(name) else { return nil }
            let (json, problem) = JSONSource.parse(file)
            if let problem { diagnostics.append(problem) }
            return json as? [[String: Any]]
        }

        var users: [String: RawUser] = [:]
        if let list = list("users.json") {
            for user in list {
                guard let id = JSONSource.string(user["id"]) else { continue }
                let profile = user["profile"] as? [String: Any]
                let display = [profile?["display_name"], profile?["real_name"], user["real_name"]].lazy.compactMap { JSONSource.string($0) }.first { !$0.isEmpty }
                users[id] = RawUser(username: JSONSource.string(user["name"]), displayName: display,
                                    isBot: JSONSource.bool(user["is_bot"]) || id == "USLACKBOT")
            }
        } else {
            diagnostics.append(.warning(SourceLocation(file: source.path), "no users.json: people are named as their messages' profiles name them, else by id"))
        }

        // Channels listed in channels.json and groups.json, else every folder of day files.
        var channels: [(name: String, id: String?, topic: String?)] = []
        for name in ["channels.json", "groups.json"] {
            for channel in list(name) ?? [] {
                guard let channelName = JSONSource.string(channel["name"]) else { continue }
                let purpose = (channel["purpose"] as? [String: Any]).flatMap { JSONSource.string($0["value"]) }
                let topic = (channel["topic"] as? [String: Any]).flatMap { JSONSource.string($0["value"]) }
                channels.append((channelName, JSONSource.string(channel["id"]), [purpose, topic].compactMap { $0 }.first { !$0.isEmpty }))
            }
        }
        let prefix = root.isEmpty ? "" : root + "/"
        var dayFiles: [String: [SourceFile]] = [:]
        for file in source.files {
            let name = source.name(of: file)
            guard name.hasPrefix(prefix) else { continue }
            let parts = name.dropFirst(prefix.count).split(separator: "/")
            guard parts.count == 2, parts[1].hasSuffix(".json") else { continue }
            dayFiles[String(parts[0]), default: []].append(file)
        }
        // Direct messages are never read: their folders are named by dms.json (by id) and
        // mpims.json (by name, `mpdm-…`). Where channels.json or groups.json lists the
        // channels, a folder neither lists is left out too; without a list, every other
        // folder of day files is a channel.
        var privateFolders = Set<String>()
        for name in ["dms.json", "mpims.json"] {
            for conversation in list(name) ?? [] {
                for key in ["id", "name"] { if let folder = JSONSource.string(conversation[key]) { privateFolders.insert(folder) } }
            }
        }
        let listed = Set(channels.map(\.name))
        var unlisted: [String] = []
        for folder in dayFiles.keys.sorted() where !listed.contains(folder) {
            let looksDirect = folder.hasPrefix("mpdm-") || (folder.hasPrefix("D") && folder.count >= 9 && folder.allSatisfy { $0.isUppercase || $0.isNumber })
            if privateFolders.contains(folder) || looksDirect || !channels.isEmpty {
                unlisted.append(folder)
            } else {
                channels.append((folder, nil, nil))
            }
        }
        if !privateFolders.isEmpty || unlisted.contains(where: { $0.hasPrefix("mpdm-") || $0.hasPrefix("D") }) {
            diagnostics.append(.warning(SourceLocation(file: source.path), "direct messages are in the export but are not read: they were never meant for the public"))
        }
        if let other = unlisted.first(where: { !privateFolders.contains($0) && !$0.hasPrefix("mpdm-") }) {
            diagnostics.append(.warning(SourceLocation(file: source.path), "\(Wording.plural(unlisted.count, "folder")) of messages that channels.json and groups.json do not list (such as '\(other)') not read"))
        }

        let workspace = workspaceName(source.path)
        let uploads = uploadedFiles(source)
        var chats: [RawChat] = []
        for channel in channels {
            guard let files = dayFiles[channel.name], !files.isEmpty else { continue }
            // Day files are independent: parsed on every core, gathered in path order.
            let users = users
            let days = Parallel.map(files.sorted(by: { $0.path < $1.path })) { file -> (events: [RawEvent], diagnostics: [Diagnostic]) in
                let (json, problem) = JSONSource.parse(file)
                if let problem { return ([], [problem]) }
                guard let list = json as? [Any] else {
                    return ([], [.warning(SourceLocation(file: file.path), "not a list of Slack messages; skipped")])
                }
                var reader = DayReader(users: users, diagnostics: [], uploads: uploads)
                let events = reader.events(list, file: file)
                return (events, reader.diagnostics)
            }
            let events = days.flatMap(\.events)
            // An unknown subtype is told once per channel, where it first appears.
            var toldSubtypes = Set<String>()
            for diagnostic in days.flatMap(\.diagnostics) {
                if let subtype = DayReader.unknownSubtype(in: diagnostic), !toldSubtypes.insert(subtype).inserted { continue }
                diagnostics.append(diagnostic)
            }
            guard !events.isEmpty else { continue }
            chats.append(.conversation(RawConversation(
                format: .slack,
                channel: RawChannel(platform: "slack", workspace: workspace, name: channel.name, id: channel.id, topic: channel.topic, prefix: "#"),
                users: users, events: events, source: SourceLocation(file: files[0].path)
            )))
        }
        if chats.isEmpty { diagnostics.append(.warning(SourceLocation(file: source.path), "Slack export with no channel messages; skipped")) }
        return (chats, diagnostics)
    }

    /// Files an export holds, by Slack's file id, as slackdump saves them beside the messages
    /// (`__uploads/F0ID/name.png`, or `<channel>/attachments/F0ID-name.png`): their paths in the source.
    static func uploadedFiles(_ source: Source) -> [String: String] {
        var uploads: [String: String] = [:]
        for path in (source.media + source.files.map { source.name(of: $0) }).sorted() {
            let parts = path.split(separator: "/")
            guard parts.count >= 3 else { continue }
            let folder = parts[parts.count - 3], holder = parts[parts.count - 2], name = parts[parts.count - 1]
            if holder == "attachments", let dash = name.firstIndex(of: "-"), isFileID(name[..<dash]) {
                uploads[String(name[..<dash])] = uploads[String(name[..<dash])] ?? path
            } else if folder == "__uploads", isFileID(holder) {
                uploads[String(holder)] = uploads[String(holder)] ?? path
            }
        }
        return uploads
    }

    /// Slack's file ids: `F` and capitals or digits.
    static func isFileID(_ text: Substring) -> Bool {
        text.count >= 5 && text.first == "F" && text.allSatisfy { ($0.isUppercase || $0.isNumber) && $0.isASCII }
    }

    /// A file's page on Slack (else its download address), for members only: without its
    /// query, which in some exports carries a token (`?t=xoxe-…`) that opens the file to anyone.
    static func fileAddress(_ file: [String: Any]) -> String? {
        guard let address = JSONSource.string(file["permalink"]) ?? JSONSource.string(file["url_private"]) else { return nil }
        return String(address.prefix { $0 != "?" && $0 != "#" })
    }

    /// `R Contributors Slack export Aug 20 2024` → `R Contributors`: the name Slack gives an export.
    static func workspaceName(_ path: String) -> String? {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let range = base.range(of: " Slack export", options: [.caseInsensitive]) else { return nil }
        let name = base[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// Subtypes that are events in the channel rather than messages.
    static let systemSubtypes: Set<String> = [
        "channel_join", "channel_leave", "group_join", "group_leave", "channel_topic", "channel_purpose", "channel_name",
        "group_topic", "group_purpose", "group_name", "channel_archive", "channel_unarchive", "group_archive",
        "group_unarchive", "pinned_item", "unpinned_item", "channel_convert_to_private", "channel_convert_to_public",
        "bot_add", "bot_remove", "reminder_add", "sh_room_created", "sh_room_shared", "huddle_thread",
    ]
    /// Subtypes that are messages like any other.
    static let messageSubtypes: Set<String> = ["bot_message", "file_share", "thread_broadcast", "me_message", "file_comment", "slackbot_response"]

    /// Messages of day files, one channel at a time.
    struct DayReader {
        let users: [String: RawUser]
        var diagnostics: [Diagnostic]
        private var warnedSubtypes = Set<String>()
        static let unknownSubtypeWarning = "message of unknown subtype "

        /// The subtype a diagnostic of `events` warns about, if it is that warning.
        static func unknownSubtype(in diagnostic: Diagnostic) -> String? {
            guard diagnostic.message.hasPrefix(unknownSubtypeWarning) else { return nil }
            return String(diagnostic.message.dropFirst(unknownSubtypeWarning.count))
        }

        /// Files the export holds, by Slack's file id (`uploadedFiles`).
        let uploads: [String: String]

        init(users: [String: RawUser], diagnostics: [Diagnostic], uploads: [String: String] = [:]) {
            self.users = users
            self.diagnostics = diagnostics
            self.uploads = uploads
        }

        mutating func events(_ list: [Any], file: SourceFile) -> [RawEvent] {
            let lines = JSONLines.lines(ofKey: "ts", in: file.text)
            var events: [RawEvent] = []
            for (position, item) in list.enumerated() {
                guard let message = item as? [String: Any] else { continue }
                guard let ts = JSONSource.string(message["ts"]), let seconds = Double(ts) else {
                    diagnostics.append(.warning(SourceLocation(file: file.path), "message \(position + 1) has no time ('ts'); skipped"))
                    continue
                }
                let location = SourceLocation(file: file.path, line: lines[ts])
                let subtype = JSONSource.string(message["subtype"])
                if subtype == "tombstone" || subtype == "message_deleted" || JSONSource.bool(message["hidden"]) { continue }
                var kind = RawEvent.Kind.message
                if let subtype {
                    if SlackReader.systemSubtypes.contains(subtype) {
                        kind = .system
                    } else if subtype == "me_message" {
                        kind = .action
                    } else if !SlackReader.messageSubtypes.contains(subtype), warnedSubtypes.insert(subtype).inserted {
                        diagnostics.append(.warning(location, "\(Self.unknownSubtypeWarning)'\(subtype)' read as a message"))
                    }
                }
                let user = JSONSource.string(message["user"]) ?? JSONSource.string(message["bot_id"])
                let profile = message["user_profile"] as? [String: Any]
                let profileName = [profile?["display_name"], profile?["real_name"], profile?["name"]]
                    .lazy.compactMap { JSONSource.string($0) }.first { !$0.isEmpty }
                let name = profileName ?? JSONSource.string(message["username"])
                    ?? (message["bot_profile"] as? [String: Any]).flatMap { JSONSource.string($0["name"]) }
                var text = SlackMarkup.text(JSONSource.string(message["text"]) ?? "", users: users)
                if kind == .system, let user, text.text.hasPrefix("<@") == false, text.text.isEmpty {
                    text.append(user)
                }
                // A channel event's sentence is Slack's own, not markup.
                if kind != .system { text = InlineMarkup.apply(text, .slack) }
                let threadTS = JSONSource.string(message["thread_ts"])
                let reactions = (message["reactions"] as? [[String: Any]] ?? []).compactMap { reaction -> RawReaction? in
                    guard let name = JSONSource.string(reaction["name"]) else { return nil }
                    let users = (reaction["users"] as? [Any] ?? []).compactMap(JSONSource.string)
                    return RawReaction(emoji: SlackMarkup.emoji(name), count: JSONSource.int(reaction["count"]) ?? users.count, users: users)
                }
                let files = (message["files"] as? [[String: Any]] ?? []).compactMap { file -> RawAttachment? in
                    if JSONSource.string(file["mode"]) == "tombstone" { return nil }
                    let name = JSONSource.string(file["name"]) ?? JSONSource.string(file["title"]) ?? "file"
                    // The export's own copy (slackdump's), else Slack's address, which needs a login.
                    let held = JSONSource.string(file["id"]).flatMap { uploads[$0] }
                    let address = held == nil ? SlackReader.fileAddress(file) : nil
                    return RawAttachment(name: name, type: JSONSource.string(file["mimetype"]) ?? JSONSource.string(file["filetype"]),
                                         size: JSONSource.int(file["size"]), path: held, url: address, access: address == nil ? nil : .needsLogin)
                }
                events.append(RawEvent(
                    kind: kind, id: ts, author: user.map(RawAuthor.id), authorName: name,
                    time: Date(timeIntervalSince1970: seconds), text: text.text, marks: text.marks,
                    threadID: threadTS, reactions: reactions, attachments: files,
                    isEdited: message["edited"] != nil, isPinned: !((message["pinned_to"] as? [Any]) ?? []).isEmpty,
                    isBot: subtype == "bot_message" || message["bot_id"] != nil && message["user"] == nil,
                    location: location
                ))
            }
            return events
        }
    }
}

/// Slack's `mrkdwn` as text and marks: `<@U…>` becomes the person's name marked as a
/// mention, `<#C…|name>` `#name`, `<!here>` `@here`, `<url|label>` the label marked as a
/// link, `&amp;` `&lt;` `&gt;` their characters, `:emoji:` shortcodes the emoji where
/// Confab knows one. Bold, italic, strike, code and quote markers are taken out after, by
/// `InlineMarkup` in the `.slack` dialect.
enum SlackMarkup {
    static func text(_ raw: String, users: [String: RawUser]) -> MarkedText {
        var result = MarkedText()
        var rest = raw[...]
        while let open = rest.firstIndex(of: "<") {
            result.append(plain(rest[..<open]))
            guard let close = rest[open...].firstIndex(of: ">") else {
                rest = rest[open...]
                break
            }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let target = String(parts[0]), label = parts.count > 1 ? unescape(parts[1]) : nil
            if target.hasPrefix("@") {
                let id = String(target.dropFirst())
                let name = users[id]?.shownName ?? label ?? id
                result.append("@" + name, .mention(id))
            } else if target.hasPrefix("#") {
                result.append("#" + (label ?? String(target.dropFirst())))
            } else if target.hasPrefix("!") {
                let command = target.dropFirst()
                if command.hasPrefix("subteam^") || command.hasPrefix("date^") {
                    result.append(label ?? "")
                } else {
                    result.append("@" + (label ?? String(command)))
                }
            } else {
                let url = unescape(target[...])
                result.append(label ?? url, .link(url))
            }
            rest = rest[rest.index(after: close)...]
        }
        result.append(plain(rest))
        return result
    }

    /// Text outside `<…>`: entities decoded, shortcodes made emoji.
    static func plain(_ text: Substring) -> String {
        Emoji.replacingShortcodes(in: unescape(text))
    }

    static func unescape(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return String(text) }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A reaction's name as the emoji, or `:name:` (a custom emoji, or one Confab does not know).
    static func emoji(_ name: String) -> String { Emoji.named(name) }
}

extension InlineMarkup.Dialect {
    /// Slack's mrkdwn: `*bold*`, `_italic_`, `~strike~` with one marker each side, at word
    /// boundaries; `` `code` `` (also apart from words), ```` ```code block``` ```` anywhere
    /// (no language), `>` quote lines (`&gt;` in the export, decoded before) and `>>>` for
    /// the rest of the message. No backslash escapes.
    static let slack = InlineMarkup.Dialect(
        delimiters: ["*": [1: [.bold]], "_": [1: [.italic]], "~": [1: [.strike]]],
        codeNeedsBoundary: true, codeSpacePadding: false, fences: .anywhere, fenceLanguage: false,
        quotes: true, quoteNeedsSpace: false, quoteIndent: false, quoteRest: true, escapes: false)
}

