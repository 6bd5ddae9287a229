import Foundation

/// Mattermost: a bulk export (`mmctl export create`, `mattermost export bulk`), one JSON
/// object a line: a `version` line first, then `team`, `channel`, `user`, `bot`, `post`
/// (with its `replies` and `reactions` inside), `emoji`, `direct_channel` and
/// `direct_post` lines. Usually a zip holding `import.jsonl` and the attachments under
/// `data/`, or the `.jsonl` alone. The export names people, teams and channels by their
/// names, so people are `mattermost:<username>`. Each public or private channel is a
/// conversation; a post's replies are its thread. Direct and group messages (`direct_channel`
/// and `direct_post` lines, channels of type `D` or `G`) are private conversations, one per
/// set of members. Only names are taken from users (the nickname, else first and last name):
/// never e-mail addresses, positions, auth data or profile images.
enum MattermostReader: FormatReader {
    static let format = SourceFormat.mattermost

    /// An unzipped export: `import.jsonl` (or another `.jsonl`) beside `data/`.
    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains("import.jsonl") || names.contains("data") && names.contains { $0.lowercased().hasSuffix(".jsonl") }
    }

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        switch source.kind {
        case .file: source.files.first.map(isExport) == true ? 95 : 0
        case .folder, .zip: source.files.contains(where: isExport) ? 95 : 0
        }
    }

    /// Whether the file's first line is the bulk format's `{"type":"version",…}` line.
    static func isExport(_ file: SourceFile) -> Bool {
        let head = JSONSource.head(file.text, limit: 16384)
        guard JSONSource.opening(String(head)) == "{" else { return false }
        let text = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard let end = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) ?? (head.utf8.count < 16384 ? text.endIndex : nil),
              let object = try? JSONSerialization.jsonObject(with: Data(text[..<end].utf8)) as? [String: Any] else { return false }
        return JSONSource.string(object["type"]) == "version"
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        let files = source.kind == .file ? Array(source.files.prefix(1)) : source.files.filter(isExport)
        guard !files.isEmpty else {
            return ([], [.warning(SourceLocation(file: source.path), "no Mattermost bulk export (.jsonl opening with a version line) found; skipped")])
        }
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        // Attachments without an extension are read as text files: every entry counts.
        let media = Set(source.media + source.files.map { source.name(of: $0) })
        for file in files {
            var reader = ExportReader(file: file, media: source.kind == .file ? nil : media,
                                      root: source.kind == .file ? "" : (source.name(of: file) as NSString).deletingLastPathComponent)
            chats += reader.read().map(RawChat.conversation)
            diagnostics += reader.diagnostics
        }
        return (chats, diagnostics)
    }

    /// A channel as its `channel` line describes it (or as its posts name it).
    struct Channel {
        var team: String
        var name: String
        var displayName: String?
        var topic: String?
        /// A direct or group message channel: its members' usernames.
        var isPrivate = false
        var members: [String] = []
    }

    /// A direct channel's key among the channels: its members, which no channel name can be (names have no `@`).
    static func directName(_ members: [String]) -> String { "@" + members.joined(separator: ",") }

    /// One JSONL file of an export, read line by line.
    struct ExportReader {
        let file: SourceFile
        /// The media files of the folder or zip the export is in; nil for a lone `.jsonl`.
        let media: Set<String>?
        /// The folder of the `.jsonl` inside its source, where `data/` is.
        let root: String
        var diagnostics: [Diagnostic] = []

        private var teams: [String: String] = [:]
        private var channels: [String: Channel] = [:]
        private var channelOrder: [String] = []
        private var users: [String: RawUser] = [:]
        /// Everyone the export names (users, bots, authors), lower-cased, for `@mentions`.
        private var usernames: [String: String] = [:]
        private var posts: [(line: Int, post: [String: Any])] = []
        private var unknownTypes: [String: (line: Int, count: Int)] = [:]
        private var unknownPostTypes = Set<String>()
        private var attachmentsMissing = (count: 0, line: nil as Int?)

        init(file: SourceFile, media: Set<String>?, root: String) {
            self.file = file
            self.media = media
            self.root = root
        }

        mutating func read() -> [RawConversation] {
            readLines()
            for (type, seen) in unknownTypes.sorted(by: { $0.value.line < $1.value.line }) {
                diagnostics.append(.warning(SourceLocation(file: file.path, line: seen.line),
                                            "line of unknown type '\(type)' skipped" + (seen.count > 1 ? " (\(seen.count) such lines)" : "")))
            }

            var events: [String: [RawEvent]] = [:]
            var ids: [String: Int] = [:]
            for (line, post) in posts {
                guard let channelName = JSONSource.string(post["channel"]), !channelName.isEmpty else {
                    diagnostics.append(.warning(location(line), "post without a channel; skipped"))
                    continue
                }
                let team = JSONSource.string(post["team"]) ?? ""
                let key = Self.key(team, channelName)
                if channels[key] == nil {
                    diagnostics.append(.warning(location(line), "posts of channel '\(channelName)'" + (team.isEmpty ? "" : " of team '\(team)'") + ", which the export does not list; read under that name"))
                    channels[key] = Channel(team: team, name: channelName)
                    channelOrder.append(key)
                }
                // Stable ids from what the export has: the channel and the time, counted on a tie.
                func id(_ time: Int) -> String {
                    let base = "\(channelName)/\(time)"
                    let count = (ids[key + "\0" + base] ?? 0) + 1
                    ids[key + "\0" + base] = count
                    return count == 1 ? base : "\(base)/\(count)"
                }
                guard let root = event(post, line: line, threadID: nil, id: id) else { continue }
                events[key, default: []].append(root)
                for (position, item) in ((post["replies"] as? [Any]) ?? []).enumerated() {
                    guard let reply = item as? [String: Any] else {
                        diagnostics.append(.warning(location(line), "reply \(position + 1) is not an object; skipped"))
                        continue
                    }
                    if let event = event(reply, line: line, threadID: root.id, id: id, reply: position + 1) {
                        events[key, default: []].append(event)
                    }
                }
            }
            if let line = attachmentsMissing.line {
                let count = attachmentsMissing.count
                diagnostics.append(.warning(location(line), "\(Wording.plural(count, "attachment")) named by posts \(count == 1 ? "is" : "are") not in the export; listed without \(count == 1 ? "its file" : "their files")"))
            }

            var conversations: [RawConversation] = []
            for key in channelOrder {
                guard let channel = channels[key], let list = events[key], !list.isEmpty else { continue }
                // A direct channel is named by its people, as Mattermost shows it.
                let name = channel.isPrivate && !channel.members.isEmpty
                    ? channel.members.map { users[$0]?.shownName ?? $0 }.joined(separator: ", ")
                    : channel.displayName.flatMap { $0.isEmpty ? nil : $0 } ?? channel.name
                conversations.append(RawConversation(
                    format: .mattermost,
                    channel: RawChannel(platform: "mattermost", workspace: channel.team.isEmpty ? nil : teams[channel.team] ?? channel.team,
                                        name: name, id: channel.name, topic: channel.topic),
                    users: users, events: list, source: SourceLocation(file: file.path), isPrivate: channel.isPrivate
                ))
            }
            if conversations.isEmpty {
                diagnostics.append(.warning(SourceLocation(file: file.path), "Mattermost export with no channel posts; skipped"))
            }
            return conversations
        }

        static func key(_ team: String, _ channel: String) -> String { team + "\0" + channel }

        func location(_ line: Int) -> SourceLocation { SourceLocation(file: file.path, line: line) }

        /// Every line parsed; teams, channels and people kept, posts kept for after, so a
        /// mention can name someone whose line comes later.
        private mutating func readLines() {
            let utf8 = file.text.utf8
            var start = utf8.startIndex, number = 0
            while start < utf8.endIndex {
                number += 1
                let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
                defer { start = end < utf8.endIndex ? utf8.index(after: end) : end }
                var bytes = utf8[start..<end]
                if bytes.last == 0x0D { bytes = bytes.dropLast() }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
                let object: [String: Any]
                do {
                    guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                        diagnostics.append(.warning(location(number), "line is not a JSON object; skipped"))
                        continue
                    }
                    object = parsed
                } catch {
                    let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
                    diagnostics.append(.warning(location(number), "invalid JSON (\(reason)); line skipped"))
                    continue
                }
                line(object, number: number)
            }
        }

        private mutating func line(_ object: [String: Any], number: Int) {
            guard let type = JSONSource.string(object["type"]) else {
                diagnostics.append(.warning(location(number), "line without a 'type'; skipped"))
                return
            }
            let known: Set<String> = ["version", "team", "channel", "user", "bot", "post", "direct_channel", "direct_post", "emoji", "scheme", "role"]
            guard known.contains(type) else {
                unknownTypes[type] = (unknownTypes[type]?.line ?? number, (unknownTypes[type]?.count ?? 0) + 1)
                return
            }
            if type == "version" {
                if let version = JSONSource.int(object["version"]), version != 1 {
                    diagnostics.append(.warning(location(number), "bulk export version \(version); read as version 1"))
                }
                return
            }
            if type == "emoji" || type == "scheme" || type == "role" { return }
            guard let body = object[type] as? [String: Any] else {
                diagnostics.append(.warning(location(number), "\(type) line without its '\(type)' object; skipped"))
                return
            }
            switch type {
            case "direct_channel", "direct_post":
                // Members by username: `members` (`channel_members` on a post), or newer exports' `participants`.
                let listed = (body[type == "direct_channel" ? "members" : "channel_members"] as? [Any] ?? []).compactMap(JSONSource.string)
                    + (body["participants"] as? [[String: Any]] ?? []).compactMap { JSONSource.string($0["username"]) }
                let members = Array(Set(listed.filter { !$0.isEmpty })).sorted()
                guard !members.isEmpty else {
                    diagnostics.append(.warning(location(number), "\(type) without its members; skipped"))
                    return
                }
                let name = MattermostReader.directName(members), key = Self.key("", name)
                if channels[key] == nil {
                    channelOrder.append(key)
                    channels[key] = Channel(team: "", name: name, isPrivate: true, members: members)
                }
                if type == "direct_channel" {
                    if let header = JSONSource.string(body["header"]), !header.isEmpty { channels[key]?.topic = header }
                    return
                }
                var post = body
                post["channel"] = name
                post["team"] = nil
                line(["type": "post", "post": post], number: number)
            case "team":
                guard let name = JSONSource.string(body["name"]) else {
                    diagnostics.append(.warning(location(number), "team without a name; skipped"))
                    return
                }
                teams[name] = JSONSource.string(body["display_name"]).flatMap { $0.isEmpty ? nil : $0 } ?? name
            case "channel":
                guard let name = JSONSource.string(body["name"]), !name.isEmpty else {
                    diagnostics.append(.warning(location(number), "channel without a name; skipped"))
                    return
                }
                let team = JSONSource.string(body["team"]) ?? ""
                let key = Self.key(team, name)
                if channels[key] == nil { channelOrder.append(key) }
                let topic = [body["purpose"], body["header"]].lazy.compactMap { JSONSource.string($0) }.first { !$0.isEmpty }
                // `D` and `G`: a direct or group message channel, should an export list one as a channel.
                let isPrivate = ["D", "G"].contains(JSONSource.string(body["type"]) ?? "")
                channels[key] = Channel(team: team, name: name, displayName: JSONSource.string(body["display_name"]), topic: topic, isPrivate: isPrivate)
            case "user", "bot":
                guard let username = JSONSource.string(body["username"]), !username.isEmpty else {
                    diagnostics.append(.warning(location(number), "\(type) without a username; skipped"))
                    return
                }
                // The nickname people chose, else the name of a bot, else first and last name.
                let fullName = [body["first_name"], body["last_name"]].compactMap { JSONSource.string($0) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                let display = [JSONSource.string(body["nickname"]), JSONSource.string(body["display_name"]), fullName]
                    .compactMap { $0 }.first { !$0.isEmpty }
                users[username] = RawUser(username: username, displayName: display, isBot: type == "bot")
                usernames[username.lowercased()] = username
            default:   // post
                posts.append((number, body))
                for user in [body["user"]] + ((body["replies"] as? [[String: Any]]) ?? []).map({ $0["user"] }) {
                    if let user = JSONSource.string(user), !user.isEmpty, usernames[user.lowercased()] == nil { usernames[user.lowercased()] = user }
                }
            }
        }

        /// A post or a reply as an event; nil (with a diagnostic) when it has no time.
        private mutating func event(_ post: [String: Any], line: Int, threadID: String?, id: (Int) -> String, reply: Int? = nil) -> RawEvent? {
            let what = reply.map { "reply \($0)" } ?? "post"
            guard let createAt = JSONSource.int(post["create_at"]) else {
                diagnostics.append(.warning(location(line), "\(what) without a time ('create_at'); skipped"))
                return nil
            }
            let type = JSONSource.string(post["type"]) ?? ""
            var kind = RawEvent.Kind.message
            if type.hasPrefix("system_") {
                kind = .system
            } else if type == "me" {
                kind = .action
            } else if !type.isEmpty, type != "slack_attachment", unknownPostTypes.insert(type).inserted {
                diagnostics.append(.warning(location(line), "\(what) of unknown type '\(type)' read as a message"))
            }
            let props = post["props"] as? [String: Any] ?? [:]
            var text = MattermostMarkup.text(JSONSource.string(post["message"]) ?? "", usernames: usernames)
            // Integrations' message attachments (Slack-style): their words, after the message.
            for attachment in (props["attachments"] as? [[String: Any]]) ?? [] {
                let parts = [attachment["pretext"], attachment["title"], attachment["text"]].compactMap { JSONSource.string($0) }.filter { !$0.isEmpty }
                let words = parts.isEmpty ? (JSONSource.string(attachment["fallback"]) ?? "") : parts.joined(separator: "\n")
                guard !words.isEmpty else { continue }
                if !text.text.isEmpty { text.append("\n") }
                MattermostMarkup.append(words, usernames: usernames, to: &text)
            }
            if kind == .system, text.text.isEmpty { text.append(type.dropFirst("system_".count).replacingOccurrences(of: "_", with: " ")) }
            // A system post's sentence is Mattermost's own, not markup.
            if kind != .system { text = InlineMarkup.apply(text, .mattermost) }

            var reactions: [RawReaction] = []
            for item in (post["reactions"] as? [[String: Any]]) ?? [] {
                guard let name = JSONSource.string(item["emoji_name"]), !name.isEmpty else { continue }
                let emoji = MattermostMarkup.emoji(name)
                let user = JSONSource.string(item["user"])
                if let index = reactions.firstIndex(where: { $0.emoji == emoji }) {
                    reactions[index].count += 1
                    if let user, !reactions[index].users.contains(user) { reactions[index].users.append(user) }
                } else {
                    reactions.append(RawReaction(emoji: emoji, count: 1, users: user.map { [$0] } ?? []))
                }
            }
            var attachments: [RawAttachment] = []
            for item in (post["attachments"] as? [[String: Any]]) ?? [] {
                guard let path = JSONSource.string(item["path"]), !path.isEmpty else { continue }
                let name = (path as NSString).lastPathComponent
                let found = mediaPath(path)
                if media != nil, found == nil {
                    attachmentsMissing.count += 1
                    attachmentsMissing.line = attachmentsMissing.line ?? line
                }
                // One the export does not hold is on the Mattermost server, for its members.
                attachments.append(RawAttachment(name: name.isEmpty ? "file" : name, path: found, access: found == nil ? .needsLogin : nil))
            }
            func flag(_ key: String) -> Bool { JSONSource.bool(props[key]) || JSONSource.string(props[key]) == "true" }
            let isWebhook = flag("from_webhook")
            let override = JSONSource.string(props["override_username"]).flatMap { $0.isEmpty ? nil : $0 }
            // A webhook posts as the account that made it, under a name of its own: the
            // name is who wrote it, so the account's owner is not counted for its posts.
            let author: RawAuthor? = isWebhook && override != nil ? override.map(RawAuthor.name)
                : JSONSource.string(post["user"]).flatMap { $0.isEmpty ? nil : RawAuthor.id($0) }
            return RawEvent(
                kind: kind, id: id(createAt), author: author, authorName: override,
                time: Date(timeIntervalSince1970: Double(createAt) / 1000), text: text.text, marks: text.marks,
                threadID: threadID, reactions: reactions, attachments: attachments,
                isEdited: (JSONSource.int(post["edit_at"]) ?? 0) > 0, isPinned: JSONSource.bool(post["is_pinned"]),
                isBot: isWebhook || flag("from_bot"), location: location(line)
            )
        }

        /// The attachment's file inside the source: `data/<path>` beside the `.jsonl`, as the
        /// exporter writes it, or `<path>` itself; nil when the export does not hold it.
        func mediaPath(_ path: String) -> String? {
            guard let media, let safe = SourceFinder.safeEntryName(path) else { return nil }
            let prefix = root.isEmpty ? "" : root + "/"
            return [prefix + "data/" + safe, prefix + safe].first { media.contains($0) }
        }
    }
}

extension InlineMarkup.Dialect {
    /// CommonMark with GitHub's strikethrough, as Mattermost writes it: `*italic*` `_italic_`,
    /// `**bold**` `__bold__`, `~~strike~~`, `` `code` ``, fenced blocks (```` ``` ```` or `~~~` lines),
    /// `>` quote lines, backslash escapes. Markers inside words stay text.
    static let mattermost = InlineMarkup.Dialect(
        delimiters: ["*": [1: [.italic], 2: [.bold], 3: [.bold, .italic]], "_": [1: [.italic], 2: [.bold], 3: [.bold, .italic]],
                     "~": [2: [.strike]]],
        fences: .lines, quotes: true, quoteNeedsSpace: false, quoteIndent: true, quoteRest: false, escapes: true)
}

/// A Mattermost message's Markdown as text and marks: `@username` of someone the export
/// names marked as a mention, `[label](url)` and `<url>` the label marked as a link,
/// `:emoji:` shortcodes the emoji where Confab knows one. Code spans are kept as written
/// here (no mention or emoji inside) and, like bold, italic, strike, code blocks and quotes,
/// taken out after by `InlineMarkup` in the `.mattermost` dialect. Headings stay as written.
enum MattermostMarkup {
    static func text(_ raw: String, usernames: [String: String]) -> MarkedText {
        var result = MarkedText()
        append(raw, usernames: usernames, to: &result)
        return result
    }

    static func append(_ raw: String, usernames: [String: String], to result: inout MarkedText) {
        let chars = Array(raw)
        var plain = ""
        var i = 0
        func flush() {
            result.append(plain)
            plain = ""
        }
        while i < chars.count {
            let char = chars[i]
            switch char {
            case "`":
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                if let close = closingRun(chars, from: i + run, length: run) {
                    plain += String(chars[i..<close + run])
                    i = close + run
                } else {
                    plain += String(repeating: "`", count: run)
                    i += run
                }
            case "[", "!":
                let open = char == "!" ? i + 1 : i
                if open < chars.count, chars[open] == "[", let (label, url, end) = link(chars, at: open) {
                    flush()
                    let shown = label.isEmpty ? url : Emoji.replacingShortcodes(in: label)
                    if url.lowercased().hasPrefix("mailto:") { result.append(shown) } else { result.append(shown, .link(url)) }
                    i = end
                } else {
                    plain.append(char)
                    i += 1
                }
            case "<":
                if let close = chars[i...].prefix(2048).firstIndex(of: ">") {
                    let inner = String(chars[(i + 1)..<close])
                    let lower = inner.lowercased()
                    if (lower.hasPrefix("http://") || lower.hasPrefix("https://")), !inner.contains(where: \.isWhitespace) {
                        flush()
                        result.append(inner, .link(inner))
                        i = close + 1
                        continue
                    }
                }
                plain.append(char)
                i += 1
            case "@":
                let before = i > 0 ? chars[i - 1] : " "
                var end = i + 1
                while end < chars.count, isUsernameCharacter(chars[end]) { end += 1 }
                var candidate = String(chars[(i + 1)..<end])
                // `@ana.` at a sentence's end: the dot is the sentence's unless a username has it.
                while !candidate.isEmpty, usernames[candidate.lowercased()] == nil, let last = candidate.last, ".-_".contains(last) {
                    candidate.removeLast()
                }
                if !(before.isLetter || before.isNumber || before == "_" || before == "."), let username = usernames[candidate.lowercased()] {
                    flush()
                    result.append("@" + candidate, .mention(username))
                    i += 1 + candidate.count
                } else {
                    plain.append(char)
                    i += 1
                }
            case ":":
                var end = i + 1
                while end < chars.count, end - i <= 50, chars[end].isASCII, chars[end].isLetter || chars[end].isNumber || "_+-".contains(chars[end]) { end += 1 }
                if end < chars.count, chars[end] == ":", end > i + 1, let emoji = Emoji.shortcodes[String(chars[(i + 1)..<end]).lowercased()] {
                    plain += emoji
                    i = end + 1
                } else {
                    plain.append(char)
                    i += 1
                }
            default:
                plain.append(char)
                i += 1
            }
        }
        flush()
    }

    /// Where a run of exactly `length` backticks closes a code span opened before `from`.
    static func closingRun(_ chars: [Character], from: Int, length: Int) -> Int? {
        var j = from
        while j < chars.count {
            guard chars[j] == "`" else { j += 1; continue }
            var run = 0
            while j + run < chars.count, chars[j + run] == "`" { run += 1 }
            if run == length { return j }
            j += run
        }
        return nil
    }

    /// `[label](url)` (or `[label](url "title")`) opening at `open`: label, url, and the index after it.
    static func link(_ chars: [Character], at open: Int) -> (String, String, Int)? {
        var j = open + 1
        while j < chars.count, chars[j] != "]", chars[j] != "\n", chars[j] != "[" { j += 1 }
        guard j + 1 < chars.count, chars[j] == "]", chars[j + 1] == "(" else { return nil }
        let label = String(chars[(open + 1)..<j])
        var k = j + 2
        while k < chars.count, chars[k] != ")", !chars[k].isWhitespace { k += 1 }
        let url = String(chars[(j + 2)..<k])
        // An optional title, then the closing parenthesis.
        var close = k
        if close < chars.count, chars[close] != ")" {
            while close < chars.count, chars[close] != ")", chars[close] != "\n" { close += 1 }
        }
        guard !url.isEmpty, close < chars.count, chars[close] == ")" else { return nil }
        return (label, url.hasPrefix("<") && url.hasSuffix(">") ? String(url.dropFirst().dropLast()) : url, close + 1)
    }

    static func isUsernameCharacter(_ char: Character) -> Bool {
        char.isASCII && (char.isLetter || char.isNumber || char == "." || char == "-" || char == "_")
    }

    /// A reaction's emoji name as the emoji, or `:name:` (a custom emoji, or one Confab does not know).
    static func emoji(_ name: String) -> String { Emoji.named(name) }
}
