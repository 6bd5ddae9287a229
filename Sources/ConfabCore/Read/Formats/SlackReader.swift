import Foundation

/// Slack: a workspace export (zip or folder: `channels.json`, `groups.json`, `users.json`
/// and `<channel>/YYYY-MM-DD.json` day files), or one channel's messages as the Web API's
/// `conversations.history` returns them (`{"ok": true, "messages": […]}`, as slackdump
/// and archivers save them). Direct and group direct messages (`dms.json`, `mpims.json`
/// and their folders, channels whose entry says `is_im` or `is_mpim`, folders named as
/// theirs: `D…`, `mpdm-…`) are read as private conversations, which normalize publishes only
/// when the settings say so. Only names are taken from profiles (the display name, else the
/// real name): never e-mail addresses, phone numbers, avatars, time zones or titles.
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
            let fileName = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            let channelName = JSONSource.string(object?["channel_name"] ?? object?["name"]) ?? fileName
            let channelID = JSONSource.string(object?["channel_id"] ?? object?["channel"])
            var reader = DayReader(users: [:], diagnostics: [])
            let events = reader.events(list, file: file)
            diagnostics += reader.diagnostics
            // A DM's id starts with `D`, a group DM's name with `mpdm-`; slackdump keeps the
            // API's channel object, whose `is_im` and `is_mpim` say so.
            let info = [object, object?["channel_info"] as? [String: Any], object?["channel"] as? [String: Any]].compactMap { $0 }
            let isPrivate = [channelID, channelName, fileName].contains { $0.map(looksDirect) ?? false }
                || info.contains { JSONSource.bool($0["is_im"]) || JSONSource.bool($0["is_mpim"]) }
            // A DM saved under its id is named by its people, as in an export.
            let name = isPrivate && looksDirect(channelName) ? ChannelEntry(folder: channelName).peopleName(users: [:], events: events) : channelName
            let channel = RawChannel(platform: "slack", name: name, id: channelID, prefix: isPrivate ? "" : "#")
            return ([.conversation(RawConversation(format: .slack, channel: channel, events: events, source: SourceLocation(file: file.path),
                                                   isPrivate: isPrivate))], diagnostics)
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

        // Channels listed in channels.json and groups.json, direct messages in dms.json (their
        // folders named by id) and mpims.json (by name); else every folder of day files.
        var channels: [ChannelEntry] = []
        for name in listed {
            for channel in list(name) ?? [] {
                let id = JSONSource.string(channel["id"])
                let isDirect = name == "dms.json" || name == "mpims.json" || JSONSource.bool(channel["is_im"]) || JSONSource.bool(channel["is_mpim"])
                guard let folder = name == "dms.json" ? id : JSONSource.string(channel["name"]) ?? (isDirect ? id : nil) else { continue }
                let purpose = (channel["purpose"] as? [String: Any]).flatMap { JSONSource.string($0["value"]) }
                let topic = (channel["topic"] as? [String: Any]).flatMap { JSONSource.string($0["value"]) }
                var members: [String] = []
                for member in (channel["members"] as? [Any] ?? []) + [channel["user"] as Any] {
                    if let id = JSONSource.string(member), !members.contains(id) { members.append(id) }
                }
                channels.append(ChannelEntry(folder: folder, id: id, topic: [purpose, topic].compactMap { $0 }.first { !$0.isEmpty },
                                             isPrivate: isDirect, members: members))
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
        // A folder no list names is a direct message when it is named as theirs (`D…`,
        // `mpdm-…`). Where the lists name channels, another such folder is left out; without
        // a list, every other folder of day files is a channel.
        let known = Set(channels.map(\.folder))
        let anyChannelListed = channels.contains { !$0.isPrivate }
        var unlisted: [String] = []
        for folder in dayFiles.keys.sorted() where !known.contains(folder) {
            if looksDirect(folder) {
                channels.append(ChannelEntry(folder: folder, isPrivate: true))
            } else if anyChannelListed {
                unlisted.append(folder)
            } else {
                channels.append(ChannelEntry(folder: folder))
            }
        }
        if let other = unlisted.first {
            diagnostics.append(.warning(SourceLocation(file: source.path), "\(Wording.plural(unlisted.count, "folder")) of messages that channels.json and groups.json do not list (such as '\(other)') not read"))
        }

        let workspace = workspaceName(source.path)
        let uploads = uploadedFiles(source)
        var chats: [RawChat] = []
        for channel in channels {
            guard let files = dayFiles[channel.folder], !files.isEmpty else { continue }
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
            // A direct message is named by its people, as Slack shows it.
            let name = channel.isPrivate ? channel.peopleName(users: users, events: events) : channel.folder
            chats.append(.conversation(RawConversation(
                format: .slack,
                channel: RawChannel(platform: "slack", workspace: workspace, name: name, id: channel.id, topic: channel.topic,
                                    prefix: channel.isPrivate ? "" : "#"),
                users: users, events: events, source: SourceLocation(file: files[0].path), isPrivate: channel.isPrivate
            )))
        }
        if chats.isEmpty { diagnostics.append(.warning(SourceLocation(file: source.path), "Slack export with no channel messages; skipped")) }
        return (chats, diagnostics)
    }

    /// The lists that name conversations, and which of them name direct messages.
    static let listed = ["channels.json", "groups.json", "dms.json", "mpims.json"]

    /// A conversation a list names (or a folder of day files no list names).
    struct ChannelEntry {
        /// The folder of its day files: a channel's or group DM's name, a DM's id.
        var folder: String
        var id: String?
        var topic: String?
        var isPrivate = false
        /// A direct message's people, by id.
        var members: [String] = []

        /// `Ana, Ben`: a direct message's people by name (its members, else who wrote in it).
        func peopleName(users: [String: RawUser], events: [RawEvent]) -> String {
            var ids = members
            if ids.isEmpty {
                for event in events { if case .id(let id) = event.author, !ids.contains(id) { ids.append(id) } }
            }
            let names = ids.compactMap { id in users[id]?.shownName ?? events.first { $0.author == .id(id) }?.authorName }
            return names.isEmpty ? "direct messages" : names.joined(separator: ", ")
        }
    }

    /// A DM's id (`D` and at least 8 capitals and digits) or a group DM's name (`mpdm-…`).
    static func looksDirect(_ name: String) -> Bool {
        name.hasPrefix("mpdm-") || (name.hasPrefix("D") && name.count >= 9 && name.allSatisfy { ($0.isUppercase || $0.isNumber) && $0.isASCII })
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

        /// The name a message's `user_profile` shows: the display name, else the real name.
        static func profileName(_ profile: [String: Any]?) -> String? {
            [profile?["display_name"], profile?["real_name"], profile?["name"]].lazy.compactMap { JSONSource.string($0) }.first { !$0.isEmpty }
        }

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
            // People users.json does not name, by the profile their messages carry: a mention
            // may come before the person's own message.
            var users = self.users
            for case let message as [String: Any] in list {
                guard let user = JSONSource.string(message["user"]), users[user] == nil,
                      let name = Self.profileName(message["user_profile"] as? [String: Any]) else { continue }
                users[user] = RawUser(displayName: name)
            }
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
                let name = Self.profileName(message["user_profile"] as? [String: Any]) ?? JSONSource.string(message["username"])
                    ?? (message["bot_profile"] as? [String: Any]).flatMap { JSONSource.string($0["name"]) }
                var text = SlackMarkup.text(JSONSource.string(message["text"]) ?? "", users: users)
                if kind == .system, let user, text.text.isEmpty {
                    text.append(users[user]?.shownName ?? name ?? Wording.unknownPerson)
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
                // Someone the export names nowhere: never their id in the text, which the mark keeps.
                let name = users[id]?.shownName ?? label.flatMap { $0.isEmpty ? nil : $0 } ?? Wording.unknownPerson
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

