import Foundation

/// Telegram Desktop's JSON export (`result.json`), as `export_output_json.cpp` in
/// telegramdesktop/tdesktop writes it: one chat (`{name, type, id, messages}`) or a whole
/// account (`{about, personal_information, chats: {list}, left_chats: {list}, …}`), each
/// chat its own conversation. One-to-one chats (`personal_chat`, `bot_chat`,
/// `saved_messages`, …) are read as private conversations, which normalize publishes only
/// when the settings say so; groups and channels are not private. Never read:
/// `personal_information`, `contacts`, `frequent_contacts`, sessions, phone numbers
/// (`contact_information` keeps the name only), gift codes, custom emoji images.
/// Media files are named; the export holds one when its path is among the source's files.
/// Not kept, as the model has no place for them: a channel post's signature (`author`),
/// `via_bot`, `saved_from`, inline buttons, thumbnails. Text styles (bold, code, spoiler…)
/// are read from the text's entity parts.
enum TelegramReader: FormatReader {
    static let format = SourceFormat.telegram
    static let platform = "telegram"

    /// Groups and channels: published.
    static let publicTypes: Set<String> = ["private_group", "private_supergroup", "public_supergroup", "private_channel", "public_channel"]
    /// One-to-one and service chats: private.
    static let privateTypes: Set<String> = ["personal_chat", "bot_chat", "saved_messages", "replies", "verification_codes"]
    static let channelTypes: Set<String> = ["private_channel", "public_channel"]
    /// Folders the exporter writes beside `result.json`.
    static let exportFolders: Set<String> = [
        "chats", "photos", "files", "video_files", "voice_messages", "round_video_messages", "stickers",
        "animations", "audio_files", "contacts", "profile_pictures", "stories", "lists",
    ]
    static let mainFile = "result.json"

    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains(mainFile) && names.contains { exportFolders.contains($0) }
    }

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        switch source.kind {
        case .file:
            return source.files.first.map(looksLikeExport) == true ? 90 : 0
        case .folder, .zip:
            return exports(in: source).contains(where: looksLikeExport) ? 95 : 0
        }
    }

    /// The first keys of a chat (`"type": "private_supergroup"` before `"messages"`, or
    /// message keys only Telegram writes) or of an account export (`"about"` then its parts).
    static func looksLikeExport(_ file: SourceFile) -> Bool {
        guard JSONSource.opening(file.text) == "{" else { return false }
        let head = JSONSource.head(file.text)
        if head.contains("\"messages\"") {
            if head.contains("\"date_unixtime\"") || head.contains("\"text_entities\"") { return true }
            return (publicTypes.union(privateTypes)).contains { head.contains("\"\($0)\"") }
        }
        return head.contains("\"about\"")
            && ["\"personal_information\"", "\"chats\"", "\"left_chats\"", "\"frequent_contacts\"", "\"profile_pictures\""].contains { head.contains($0) }
    }

    /// Each `result.json` of a folder or zip, but for one inside another export's folders
    /// (a `result.json` someone sent as a file).
    static func exports(in source: Source) -> [SourceFile] {
        let candidates = source.files.filter { ($0.path as NSString).lastPathComponent == mainFile }
            .sorted { source.name(of: $0).split(separator: "/").count < source.name(of: $1).split(separator: "/").count }
        var roots: [String] = [], found: [SourceFile] = []
        for file in candidates {
            let root = (source.name(of: file) as NSString).deletingLastPathComponent
            if roots.contains(where: { $0.isEmpty || root == $0 || root.hasPrefix($0 + "/") }) { continue }
            roots.append(root)
            found.append(file)
        }
        return found
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        let files = source.kind == .file ? Array(source.files.prefix(1)) : exports(in: source)
        guard !files.isEmpty else {
            return ([], [.warning(SourceLocation(file: source.path), "no Telegram result.json in it; skipped")])
        }
        // Paths the source holds, to tell a downloaded attachment from one left out.
        let held = source.kind == .file ? [] : Set(source.media + source.files.map { source.name(of: $0) })
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        for file in files {
            let root = source.kind == .file ? "" : (source.name(of: file) as NSString).deletingLastPathComponent
            var reader = ExportReader(file: file, root: root, held: held)
            chats += reader.read().map(RawChat.conversation)
            diagnostics += reader.diagnostics
        }
        return (chats, diagnostics)
    }

    /// One `result.json`: its chats, and what was wrong with them.
    struct ExportReader {
        let file: SourceFile
        /// The folder of `result.json` inside the source: attachment paths are relative to it.
        let root: String
        let held: Set<String>
        private(set) var diagnostics: [Diagnostic] = []
        private var lines = IDLines()
        private var warned = Set<String>()

        init(file: SourceFile, root: String, held: Set<String>) {
            self.file = file
            self.root = root
            self.held = held
        }

        mutating func read() -> [RawConversation] {
            let (json, problem) = JSONSource.parse(file)
            if let problem {
                diagnostics.append(problem)
                return []
            }
            guard let object = json as? [String: Any] else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "not a Telegram export (no chat object); skipped"))
                return []
            }
            var list: [Any]
            let isAccount = object["messages"] == nil
            if isAccount {
                guard object["chats"] != nil || object["left_chats"] != nil else {
                    diagnostics.append(.warning(SourceLocation(file: file.path), "Telegram export without chats (no 'messages' or 'chats' list); skipped"))
                    return []
                }
                list = []
                for key in ["chats", "left_chats"] {
                    guard let part = object[key] else { continue }
                    if let items = (part as? [String: Any])?["list"] as? [Any] {
                        list += items
                    } else {
                        diagnostics.append(.warning(SourceLocation(file: file.path), "'\(key)' has no 'list' of chats; skipped"))
                    }
                }
            } else {
                list = [object]
            }
            // A message's `"id"` is three containers deep in a chat's file, six in an account's.
            lines = IDLines(file.text, depth: isAccount ? 6 : 3)

            var conversations: [RawConversation] = []
            for item in list {
                guard let chat = item as? [String: Any] else { continue }
                let type = JSONSource.string(chat["type"]) ?? ""
                guard TelegramReader.publicTypes.contains(type) || TelegramReader.privateTypes.contains(type) else {
                    let name = JSONSource.string(chat["name"]).map { " «\($0)»" } ?? ""
                    diagnostics.append(.warning(SourceLocation(file: file.path), "chat\(name) of unknown type '\(type)' skipped"))
                    lines.skip(chat["messages"] as? [Any])
                    continue
                }
                if let conversation = conversation(chat, type: type) { conversations.append(conversation) }
            }
            return conversations
        }

        /// One group or channel; nil when it has no messages to show.
        private mutating func conversation(_ chat: [String: Any], type: String) -> RawConversation? {
            let chatID = JSONSource.string(chat["id"])
            let isChannel = TelegramReader.channelTypes.contains(type)
            let name = JSONSource.string(chat["name"]).flatMap { $0.isEmpty ? nil : $0 }
                ?? (type == "saved_messages" ? "Saved Messages" : "Telegram chat \(chatID ?? "")")
            guard let messages = chat["messages"] as? [Any] else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "chat «\(name)» has no 'messages' list; skipped"))
                return nil
            }
            var context = ChatContext(chatID: chatID, name: name, isChannel: isChannel)
            var events: [RawEvent] = []
            var pinned: [String] = []
            for (position, item) in messages.enumerated() {
                guard let message = item as? [String: Any] else {
                    diagnostics.append(.warning(SourceLocation(file: file.path), "«\(name)»: message \(position + 1) is not an object; skipped"))
                    continue
                }
                let id = JSONSource.string(message["id"])
                let location = SourceLocation(file: file.path, line: id.flatMap { lines.line(of: $0) })
                let kind = JSONSource.string(message["type"]) ?? "message"
                if kind == "unsupported" {
                    context.unsupported += 1
                    continue
                }
                guard let time = time(message, location: location) else {
                    diagnostics.append(.warning(location, "«\(name)»: message \(id ?? "at position \(position + 1)") has no date; skipped"))
                    continue
                }
                if kind == "service" {
                    let (event, pin) = serviceEvent(message, id: id, time: time, location: location, context: &context)
                    events.append(event)
                    if let pin { pinned.append(pin) }
                    continue
                }
                if kind != "message", warned.insert("type:\(kind)").inserted {
                    diagnostics.append(.warning(location, "message of unknown type '\(kind)' read as a message"))
                }
                events.append(messageEvent(message, id: id, time: time, location: location, context: &context))
            }
            // A pin names its message: that message is pinned where the chat holds it.
            let pins = Set(pinned)
            for index in events.indices where events[index].kind != .system {
                if let id = events[index].id, pins.contains(id) { events[index].isPinned = true }
            }
            if context.unsupported > 0 {
                diagnostics.append(.warning(SourceLocation(file: file.path),
                    "«\(name)»: \(Wording.plural(context.unsupported, "message")) of a kind the exporter does not support left out"))
            }
            guard !events.isEmpty else { return nil }
            return RawConversation(
                format: .telegram,
                channel: RawChannel(platform: TelegramReader.platform, name: name, id: chatID, prefix: ""),
                users: context.users(), events: events, source: SourceLocation(file: file.path),
                isPrivate: TelegramReader.privateTypes.contains(type)
            )
        }

        /// `date_unixtime` (seconds); else the local `date`, read as UTC with a warning, as
        /// exports before `date_unixtime` give no zone.
        private mutating func time(_ message: [String: Any], location: SourceLocation) -> Date? {
            if let seconds = JSONSource.int(message["date_unixtime"]), seconds > -100_000_000_000, seconds < 100_000_000_000 {
                return Date(timeIntervalSince1970: TimeInterval(seconds))
            }
            guard let text = JSONSource.string(message["date"]), let date = TelegramReader.utcDate(text) else { return nil }
            if warned.insert("utc").inserted {
                diagnostics.append(.warning(location, "messages have no 'date_unixtime': their local times are read as UTC"))
            }
            return date
        }

        private mutating func messageEvent(_ message: [String: Any], id: String?, time: Date, location: SourceLocation,
                                           context: inout ChatContext) -> RawEvent {
            // The sender: a person, or the channel itself for a channel's posts.
            var author: RawAuthor?, authorName: String?
            let fromID = TelegramReader.peerID(message["from_id"])
            if message.keys.contains("from") { authorName = TelegramReader.name(message["from"]) }
            if let fromID {
                author = .id(fromID)
                if let authorName { context.names[fromID] = authorName }
            } else if let authorName {
                author = .name(authorName)
            } else if context.isChannel, let chatID = context.chatID {
                author = .id("channel" + chatID)
                authorName = context.name
            }

            var text = markedText(message["text"] ?? message["text_entities"], location: location, context: &context)
            var attachments: [RawAttachment] = []
            media(message, text: &text, attachments: &attachments)

            var replyTo: String?
            if let target = JSONSource.string(message["reply_to_message_id"]) {
                // A reply to a message of another chat has no target here.
                let peer = TelegramReader.peerID(message["reply_to_peer_id"]).map(TelegramReader.bareID)
                if peer == nil || peer == context.chatID { replyTo = target }
            }
            var forwardedFrom: String?
            if message.keys.contains("forwarded_from") { forwardedFrom = TelegramReader.name(message["forwarded_from"]) }

            return RawEvent(
                kind: .message, id: id, author: author, authorName: authorName, time: time,
                text: text.text, marks: text.marks, replyTo: replyTo,
                reactions: reactions(message["reactions"], location: location, context: &context),
                attachments: attachments,
                isEdited: message["edited"] != nil || message["edited_unixtime"] != nil,
                forwardedFrom: forwardedFrom, location: location
            )
        }

        /// `text`: a string, or strings and entity objects; `text_entities`: objects only.
        private mutating func markedText(_ value: Any?, location: SourceLocation, context: inout ChatContext) -> MarkedText {
            var result = MarkedText()
            if let string = value as? String {
                result.append(string)
                return result
            }
            for part in value as? [Any] ?? [] {
                if let string = part as? String {
                    result.append(string)
                    continue
                }
                guard let entity = part as? [String: Any] else { continue }
                let piece = JSONSource.string(entity["text"]) ?? ""
                let type = JSONSource.string(entity["type"]) ?? "plain"
                // The exporter writes each part once, with its outermost entity: one style a part.
                if let style = TelegramReader.styles[type] {
                    result.append(piece, .style(style))
                    continue
                }
                switch type {
                case "text_link":
                    if let href = JSONSource.string(entity["href"]), !href.isEmpty { result.append(piece, .link(href)) } else { result.append(piece) }
                case "link":
                    // The text is the address; Telegram opens one written without a scheme over http.
                    let url = piece.trimmingCharacters(in: .whitespacesAndNewlines)
                    result.append(piece, .link(url.contains("://") ? url : "http://" + url))
                case "mention_name":
                    if let user = TelegramReader.peerID(entity["user_id"]) {
                        result.append(piece, .mention(user))
                        if context.mentionNames[user] == nil, !piece.isEmpty {
                            context.mentionNames[user] = piece.hasPrefix("@") ? String(piece.dropFirst()) : piece
                        }
                    } else {
                        result.append(piece)
                    }
                case "custom_emoji":
                    // Its text is the emoji it stands for; `document_id` (the image) is not kept.
                    result.append(piece)
                case "plain", "mention", "hashtag", "cashtag", "bot_command", "email", "phone", "bank_card", "unknown":
                    // Spans Confab shows as text: e-mail addresses and phone numbers are not linked.
                    result.append(piece)
                default:
                    if warned.insert("entity:\(type)").inserted {
                        diagnostics.append(.warning(location, "text entity of unknown type '\(type)' kept as text"))
                    }
                    result.append(piece)
                }
            }
            return result
        }

        /// Photos, files, stickers, voice and video messages as attachments; shared contacts by
        /// name only, places, games and invoices by title; a poll's question and answers as text.
        private func media(_ message: [String: Any], text: inout MarkedText, attachments: inout [RawAttachment]) {
            if let photo = JSONSource.string(message["photo"]) {
                let path = heldPath(photo)
                attachments.append(RawAttachment(name: path.map { ($0 as NSString).lastPathComponent } ?? "photo", type: "photo",
                                                 size: JSONSource.int(message["photo_file_size"]), path: path))
            }
            if let file = JSONSource.string(message["file"]) {
                let path = heldPath(file)
                let mediaType = JSONSource.string(message["media_type"])
                let fileName = JSONSource.string(message["file_name"]).flatMap { $0.isEmpty ? nil : $0 }
                let name = fileName ?? path.map { ($0 as NSString).lastPathComponent } ?? TelegramReader.defaultName(mediaType, message)
                attachments.append(RawAttachment(name: name, type: JSONSource.string(message["mime_type"]) ?? mediaType,
                                                 size: JSONSource.int(message["file_size"]), path: path))
                // A sticker alone shows its emoji, as Telegram's chat list does.
                if mediaType == "sticker", text.text.isEmpty, let emoji = JSONSource.string(message["sticker_emoji"]) {
                    text.append(emoji)
                }
            }
            if let contact = message["contact_information"] as? [String: Any] {
                let name = [contact["first_name"], contact["last_name"]].compactMap { JSONSource.string($0) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                attachments.append(RawAttachment(name: name.isEmpty ? "contact" : name, type: "contact"))
            }
            if message["location_information"] != nil || message["place_name"] != nil {
                let place = [message["place_name"], message["address"]].compactMap { JSONSource.string($0) }
                    .filter { !$0.isEmpty }.joined(separator: ", ")
                var name = place.isEmpty ? "Location" : place
                if let point = message["location_information"] as? [String: Any],
                   let latitude = TelegramReader.number(point["latitude"]), let longitude = TelegramReader.number(point["longitude"]) {
                    name += " (\(latitude), \(longitude))"
                }
                attachments.append(RawAttachment(name: name, type: "location"))
            }
            if let title = JSONSource.string(message["game_title"]) {
                attachments.append(RawAttachment(name: title, type: "game"))
            }
            if let invoice = message["invoice_information"] as? [String: Any] {
                attachments.append(RawAttachment(name: JSONSource.string(invoice["title"]) ?? "invoice", type: "invoice"))
            }
            if let poll = message["poll"] as? [String: Any] {
                var lines = ["Poll: " + (JSONSource.string(poll["question"]) ?? "")]
                for answer in poll["answers"] as? [[String: Any]] ?? [] {
                    let votes = JSONSource.int(answer["voters"]).map { " (\(Wording.plural($0, "vote")))" } ?? ""
                    lines.append("• " + (JSONSource.string(answer["text"]) ?? "") + votes)
                }
                text.append((text.text.isEmpty ? "" : "\n\n") + lines.joined(separator: "\n"))
            }
        }

        /// The file's path inside the source when the export holds it; nil for the
        /// exporter's "(File not included…)" notes and for paths the source does not have.
        private func heldPath(_ value: String) -> String? {
            guard !value.isEmpty, !value.hasPrefix("(") else { return nil }
            let path = root.isEmpty ? value : root + "/" + value
            return held.contains(path) ? path : nil
        }

        /// Reactions by emoji; custom emoji as `:custom emoji:` (never their image), paid ones as ⭐.
        private mutating func reactions(_ value: Any?, location: SourceLocation, context: inout ChatContext) -> [RawReaction] {
            var reactions: [RawReaction] = []
            for reaction in value as? [[String: Any]] ?? [] {
                let type = JSONSource.string(reaction["type"]) ?? "emoji"
                let emoji: String
                switch type {
                case "emoji":
                    guard let value = JSONSource.string(reaction["emoji"]), !value.isEmpty else { continue }
                    emoji = value
                case "custom_emoji": emoji = ":custom emoji:"
                case "paid": emoji = "⭐"
                default:
                    if warned.insert("reaction:\(type)").inserted {
                        diagnostics.append(.warning(location, "reaction of unknown type '\(type)' left out"))
                    }
                    continue
                }
                var users: [String] = []
                for recent in reaction["recent"] as? [[String: Any]] ?? [] {
                    guard let user = TelegramReader.peerID(recent["from_id"]) else { continue }
                    if !users.contains(user) { users.append(user) }
                    if context.reactorNames[user] == nil, let name = TelegramReader.name(recent["from"]) { context.reactorNames[user] = name }
                }
                // Clamped, so that merged counts cannot overflow.
                let count = min(max(JSONSource.int(reaction["count"]) ?? users.count, 0), 1 << 40)
                if let index = reactions.firstIndex(where: { $0.emoji == emoji }) {
                    reactions[index].count += count
                    reactions[index].users += users.filter { !reactions[index].users.contains($0) }
                } else {
                    reactions.append(RawReaction(emoji: emoji, count: count, users: users))
                }
            }
            return reactions
        }

        /// A service message as a system event; the id of the message it pins, if it pins one.
        private mutating func serviceEvent(_ message: [String: Any], id: String?, time: Date, location: SourceLocation,
                                           context: inout ChatContext) -> (RawEvent, String?) {
            var author: RawAuthor?, actorName: String?
            if message.keys.contains("actor") { actorName = TelegramReader.name(message["actor"]) }
            if let actorID = TelegramReader.peerID(message["actor_id"]) {
                author = .id(actorID)
                if let actorName { context.names[actorID] = actorName }
            } else if let actorName {
                author = .name(actorName)
            }
            let action = JSONSource.string(message["action"])
            let text: String
            if let known = TelegramReader.serviceText(action, message, actor: actorName ?? "Someone", isChannel: context.isChannel) {
                text = known
            } else {
                let name = action ?? "(none)"
                if warned.insert("action:\(name)").inserted {
                    diagnostics.append(.warning(location, "service message of unknown action '\(name)' shown as a generic event"))
                }
                text = "\(actorName ?? "Someone") performed a Telegram action (\(name.replacingOccurrences(of: "_", with: " ")))"
            }
            var pin: String?
            if action == "pin_message" { pin = JSONSource.string(message["message_id"]) }
            let event = RawEvent(kind: .system, id: id, author: author, authorName: actorName, time: time, text: text, location: location)
            return (event, pin)
        }
    }

    /// What one chat's messages say about its people.
    struct ChatContext {
        let chatID: String?
        let name: String
        let isChannel: Bool
        /// Senders' and actors' names, by id: the names the export gives them.
        var names: [String: String] = [:]
        /// Names known only from reactions and mentions, used where no message names the person.
        var reactorNames: [String: String] = [:]
        var mentionNames: [String: String] = [:]
        var unsupported = 0

        init(chatID: String?, name: String, isChannel: Bool) {
            self.chatID = chatID
            self.name = name
            self.isChannel = isChannel
        }

        func users() -> [String: RawUser] {
            var users: [String: RawUser] = [:]
            for (id, name) in mentionNames { users[id] = RawUser(displayName: name) }
            for (id, name) in reactorNames { users[id] = RawUser(displayName: name) }
            for (id, name) in names { users[id] = RawUser(displayName: name) }
            return users
        }
    }

    // MARK: Values

    /// `user123`, `channel456`, `chat789` as the export writes peers; a bare number (older
    /// exports, `mention_name`'s `user_id`) is a user's.
    /// Text entities' types that are styles.
    static let styles: [String: TextStyle.Kind] = [
        "bold": .bold, "italic": .italic, "underline": .underline, "strikethrough": .strike, "spoiler": .spoiler,
        "code": .code, "pre": .pre, "blockquote": .quote,
    ]

    static func peerID(_ value: Any?) -> String? {
        guard let raw = JSONSource.string(value)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if raw.allSatisfy({ $0.isASCII && $0.isNumber }) { return "user" + raw }
        return raw
    }

    /// `channel2447843635` → `2447843635`: a peer's number, as a chat's `id` gives it.
    static func bareID(_ peer: String) -> String {
        String(peer.drop { !$0.isNumber && $0 != "-" })
    }

    /// A name as the export writes it; `null` is a deleted account, as Telegram shows it.
    static func name(_ value: Any?) -> String? {
        if value is NSNull { return "Deleted Account" }
        guard let name = JSONSource.string(value)?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        return name
    }

    static func number(_ value: Any?) -> String? {
        guard let number = value as? NSNumber, !(value is Bool) else { return JSONSource.string(value) }
        let double = number.doubleValue
        guard double.isFinite else { return nil }
        return String(format: "%.5f", double).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\.$", with: "", options: .regularExpression)
    }

    /// A name for a file the export does not name.
    static func defaultName(_ mediaType: String?, _ message: [String: Any]) -> String {
        switch mediaType {
        case "sticker": return "sticker"
        case "video_file": return "video"
        case "voice_message": return "voice message"
        case "video_message": return "video message"
        case "animation": return "animation"
        case "audio_file":
            let song = [message["performer"], message["title"]].compactMap { JSONSource.string($0) }.filter { !$0.isEmpty }
            return song.isEmpty ? "audio" : song.joined(separator: " – ")
        default: return "file"
        }
    }

    /// `2024-09-01T12:34:56` (no zone) as that time in UTC.
    static func utcDate(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { !$0.isNumber }).map { Int($0) }
        guard parts.count >= 6, let year = parts[0], let month = parts[1], let day = parts[2],
              let hour = parts[3], let minute = parts[4], let second = parts[5],
              (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), (1970...9999).contains(year) else { return nil }
        let days = TimeText.daysSinceEpoch(LocalDate(year: year, month: month, day: day))
        return Date(timeIntervalSince1970: TimeInterval(days * 86400 + hour * 3600 + minute * 60 + second))
    }

    /// `2 min`, `1 h 5 min`, `40 s`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        return seconds % 3600 >= 60 ? "\(seconds / 3600) h \(seconds % 3600 / 60) min" : "\(seconds / 3600) h"
    }

    // MARK: Service messages

    /// A service message in short English, or nil for an action Confab does not know.
    static func serviceText(_ action: String?, _ message: [String: Any], actor a: String, isChannel: Bool) -> String? {
        let noun = isChannel ? "channel" : "group"
        let title = JSONSource.string(message["title"]).map { "«\($0)»" }
        let members = (message["members"] as? [Any] ?? []).compactMap { name($0) }
        let others = members.filter { $0 != a }
        switch action {
        case nil:
            // A bot's custom service text (`information_text`), the only service message without an action.
            return JSONSource.string(message["information_text"])
        case "create_group":
            return "\(a) created the group" + (title.map { " \($0)" } ?? "") + (others.isEmpty ? "" : " with \(Wording.list(others))")
        // A supergroup is created as a channel is: the chat says which it is.
        case "create_channel": return "\(a) created the \(noun)" + (title.map { " \($0)" } ?? "")
        case "migrate_to_supergroup": return "\(a) upgraded the group to a supergroup"
        case "migrate_from_group": return "\(a) upgraded the group" + (title.map { " \($0)" } ?? "") + " to a supergroup"
        case "invite_members":
            return others.isEmpty ? "\(a) joined the \(noun)" : "\(a) added \(Wording.list(others))"
        case "remove_members":
            return others.isEmpty ? "\(a) left the \(noun)" : "\(a) removed \(Wording.list(others))"
        case "join_group_by_link": return "\(a) joined by link"
        case "join_group_by_request": return "\(a) joined by request"
        case "pin_message": return "\(a) pinned a message"
        case "edit_group_title": return "\(a) changed the \(noun) name" + (title.map { " to \($0)" } ?? "")
        case "edit_group_photo": return "\(a) changed the \(noun) photo"
        case "delete_group_photo": return "\(a) removed the \(noun) photo"
        case "clear_history": return "\(a) cleared the history"
        case "phone_call":
            let reason = JSONSource.string(message["discard_reason"])
            if reason == "missed" { return "Missed call from \(a)" }
            if reason == "busy" { return "\(a) called (busy)" }
            return "\(a) made a call" + (JSONSource.int(message["duration_seconds"]).map { " (\(duration($0)))" } ?? "")
        case "group_call":
            return "\(a) started a video chat" + (JSONSource.int(message["duration"]).map { " (\(duration($0)))" } ?? "")
        case "group_call_scheduled": return "\(a) scheduled a video chat"
        case "invite_to_group_call": return "\(a) invited \(Wording.list(members.isEmpty ? ["people"] : members)) to the video chat"
        case "score_in_game": return "\(a) scored \(JSONSource.int(message["score"]).map(String.init) ?? "points") in a game"
        case "set_messages_ttl":
            let period = JSONSource.int(message["period"]) ?? 0
            return period > 0 ? "\(a) set messages to auto-delete after \(duration(period))" : "\(a) turned off auto-delete"
        case "edit_chat_theme":
            return JSONSource.string(message["emoticon"]).map { "\(a) changed the chat theme to \($0)" } ?? "\(a) turned off the chat theme"
        case "topic_created": return "\(a) created the topic" + (title.map { " \($0)" } ?? "")
        case "topic_edit":
            return JSONSource.string(message["new_title"]).map { "\(a) renamed the topic to «\($0)»" } ?? "\(a) changed the topic icon"
        case "boost_apply": return "\(a) boosted the \(noun)"
        case "set_chat_wallpaper", "set_same_chat_wallpaper": return "\(a) set a new wallpaper"
        case "take_screenshot": return "\(a) took a screenshot"
        case "joined_telegram": return "\(a) joined Telegram"
        case "requested_phone_number": return "\(a) asked for a phone number"
        case "suggest_profile_photo": return "\(a) suggested a profile photo"
        case "requested_peer": return "\(a) shared a chat with a bot"
        case "send_premium_gift": return "\(a) gifted Telegram Premium"
        case "send_stars_gift": return "\(a) gifted Telegram Stars"
        case "send_star_gift": return "\(a) sent a gift"
        case "stars_prize": return "\(a) won Telegram Stars in a giveaway"
        case "send_payment": return "A payment was sent"
        case "refunded_payment": return "A payment was refunded"
        // The code itself is a secret: never shown.
        case "gift_code_prize": return "A gift code was awarded"
        case "giveaway_launch": return "A giveaway was launched"
        case "giveaway_results": return "Giveaway results were announced"
        case "allow_sending_messages", "attach_menu_bot_allowed", "web_app_bot_allowed": return "A bot was allowed to send messages"
        case "send_passport_values": return "Telegram Passport data was shared"
        case "send_webview_data": return "Data was sent from a web app"
        case "proximity_reached": return "Someone came nearby"
        default: return nil
        }
    }
}

/// The lines of messages' `"id": 123` keys, found without parsing: only those at the
/// messages' depth (not chats', contacts' or other nested ids), read in order as the
/// messages are, so a chat's ids are found after the previous chat's.
struct IDLines {
    private var entries: [(id: String, line: Int)] = []
    private var cursor = 0
    /// How far ahead of the last id found an id is looked for.
    private static let window = 256

    init() {}

    init(_ text: String, depth target: Int) {
        let bytes = Array(text.utf8)
        var line = 1, depth = 0, index = 0
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A: line += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case quote:
                var end = index + 1
                while end < bytes.count, bytes[end] != quote {
                    if bytes[end] == backslash { end += 1 } else if bytes[end] == 0x0A { line += 1 }
                    end += 1
                }
                // `"id"` as a key at the messages' depth, then its number (or digits in a string).
                if depth == target, end == index + 3, bytes[index + 1] == UInt8(ascii: "i"), bytes[index + 2] == UInt8(ascii: "d") {
                    var cursor = end + 1
                    while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
                        cursor += 1
                        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                        if cursor < bytes.count, bytes[cursor] == quote { cursor += 1 }
                        let start = cursor
                        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
                        while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 { cursor += 1 }
                        if cursor > start { entries.append((String(decoding: bytes[start..<cursor], as: UTF8.self), line)) }
                    }
                }
                index = end
            default: break
            }
            index += 1
        }
    }

    /// The line of message `id`: the next one written after the last found.
    mutating func line(of id: String) -> Int? {
        let end = min(entries.count, cursor + Self.window)
        var index = cursor
        while index < end {
            if entries[index].id == id {
                cursor = index + 1
                return entries[index].line
            }
            index += 1
        }
        return nil
    }

    /// Steps over the ids of a chat that is not read.
    mutating func skip(_ messages: [Any]?) {
        for message in messages ?? [] {
            if let id = JSONSource.string((message as? [String: Any])?["id"]) { _ = line(of: id) }
        }
    }
}
