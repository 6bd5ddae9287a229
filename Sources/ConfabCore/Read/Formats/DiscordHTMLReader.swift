import Foundation

/// DiscordChatExporter's HTML export (its `HtmlMessageWriter` and Razor templates), parsed
/// with libxml2 (`HTMLDocument`), in both of its layouts:
/// - current (2022 on): `.chatlog__message-group` holding `.chatlog__message-container`s
///   (`data-message-id`); the first has the header (`.chatlog__author` with `title` = the
///   account name and `data-user-id`, `.chatlog__timestamp`), the rest a
///   `.chatlog__short-timestamp` whose `title` is the full date; replies in `.chatlog__reply`
///   (2023 on) or `.chatlog__reference` (2022), system messages as `.chatlog__system-notification-*`;
/// - old (2018–2021): `.chatlog__message-group` with one `.chatlog__author-name` and one
///   `.chatlog__timestamp` for all its `.chatlog__message`s, a `.chatlog__reference` for the
///   first one's reply.
/// Times are the exporter's formatted local times (`14-Feb-20 10:00 AM`, `Saturday, December 6,
/// 2025 1:51 a.m.`, `2025-12-04 8:02 a.m.`): read at the postamble's `Timezone: UTC-5` when the
/// export writes one, else in the site's time zone. Avatars are never kept; attachments are
/// named, with the file `--media` saved beside the page (in a folder with it), else the CDN
/// address the page links (pages link it, never load it).
enum DiscordHTMLReader: FormatReader {
    static let format = SourceFormat.discordText
    static let layout = "DiscordChatExporter HTML"
    /// A message's text is cut beyond this many bytes.
    static let maxText = 1 << 20


    /// A page with the folder `--media` filled beside it: `general.html` and `general.html_Files/`.
    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains { $0.lowercased().hasSuffix(".html_files") }
            && names.contains { $0.lowercased().hasSuffix(".html") || $0.lowercased().hasSuffix(".htm") }
    }

    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        if source.kind == .file { return source.files.first.map { isExport($0.text) } == true ? 90 : 0 }
        return pages(source).isEmpty ? 0 : 90
    }

    /// The exported pages of a folder or zip, not the files `--media` saved.
    static func pages(_ source: Source) -> [SourceFile] {
        source.files.filter { !DiscordReader.isMedia(source.name(of: $0)) && isExport($0.text) }
    }

    /// A web page (its first character `<`) whose head names the exporter's classes: its
    /// style sheet and its body use `chatlog__message-group`, and `preamble` or `info__`.
    static func isExport(_ text: String) -> Bool {
        guard JSONSource.opening(text) == "<" else { return false }
        let head = JSONSource.head(text, limit: 1 << 20)
        guard head.range(of: "<html", options: .caseInsensitive) != nil || head.range(of: "<!doctype html", options: .caseInsensitive) != nil
        else { return false }
        // The class as a selector of its style sheet or as an attribute: not merely the word in a page's prose.
        let group = head.contains(".chatlog__message-group") || head.contains("class=\"chatlog__message-group")
            || head.contains("class=chatlog__message-group")
        return group && (head.contains("preamble__") || head.contains("info__") || head.contains("chatlog__messages"))
    }

    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        // Files `--media` saved beside a page are its attachments' files, by their place in the source.
        let held = source.kind == .file ? Set<String>() : Set(source.media).union(source.files.map { source.name(of: $0) })
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        for file in source.kind == .file ? Array(source.files.prefix(1)) : pages(source) {
            let folder = source.kind == .file ? "" : (source.name(of: file) as NSString).deletingLastPathComponent
            var reader = PageReader(file: file, settings: settings, folder: folder, held: held)
            if let conversation = reader.read() { chats.append(.conversation(conversation)) }
            diagnostics += reader.diagnostics
        }
        return (chats, diagnostics)
    }

    /// One exported page, read group by group.
    struct PageReader {
        let file: SourceFile
        let settings: ReadSettings
        var diagnostics: [Diagnostic] = []
        private var users: [String: RawUser] = [:]
        /// Account name (an author's `title`) → user id, for mentions, which carry only the name.
        private var idsByUsername: [String: String] = [:]
        /// The zone the times are read in: the export's own offset, or the site's zone.
        private var zone: TimeZone
        /// The last full date read: short timestamps carry only the time.
        private var lastDate: LocalDate?
        private var unreadableTimes: [Int] = []
        private var cutTexts = 0

        /// The page's folder inside the source and the source's files: where `--media` saved attachments.
        let folder: String
        let held: Set<String>

        init(file: SourceFile, settings: ReadSettings, folder: String = "", held: Set<String> = []) {
            self.file = file
            self.settings = settings
            self.zone = settings.timeZone
            self.folder = folder
            self.held = held
        }

        mutating func read() -> RawConversation? {
            let location = SourceLocation(file: file.path)
            let parsed: HTMLDocument.Parsed
            switch HTMLDocument.parse(file.text) {
            case .success(let page): parsed = page
            case .failure(let problem):
                diagnostics.append(.warning(location, "\(problem); skipped"))
                return nil
            }
            if parsed.tooDeep > 0 {
                diagnostics.append(.warning(location, "\(Wording.plural(parsed.tooDeep, "element")) nested more than \(HTMLDocument.maxDepth) deep left out"))
            }
            let root = parsed.root

            // The postamble first: its time zone is the one every time of the page is written in.
            let postamble = root.all(class: "postamble__entry").map { collapse($0.text) }
            var zoneName: String?
            if let entry = postamble.first(where: { $0.hasPrefix("Timezone:") }) {
                let value = entry.dropFirst("Timezone:".count).trimmingCharacters(in: .whitespaces)
                if let offset = Self.utcOffset(value), let fixed = TimeZone(secondsFromGMT: offset) {
                    zone = fixed
                    zoneName = value
                } else {
                    diagnostics.append(.warning(location, "time zone '\(value.prefix(40))' not understood; times read in \(settings.zoneName)"))
                }
            }
            let exported = postamble.lazy.compactMap(Self.exportedCount).first

            let channel = Self.channel(root, fileName: ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension)
            // Groups inside groups too: an unclosed tag makes the rest of a page its content.
            let groups = root.all(class: "chatlog__message-group")
            // Authors first: a mention names someone by account name, who may write later.
            for group in groups {
                for author in group.all(where: { $0.hasClass("chatlog__author") || $0.hasClass("chatlog__author-name") || $0.hasClass("chatlog__system-notification-author") }) {
                    _ = noteAuthor(author)
                }
            }
            var events: [RawEvent] = []
            for group in groups {
                if group.first(class: "chatlog__message-container") != nil {
                    events += currentGroup(group)
                } else {
                    events += oldGroup(group)
                }
            }
            if !unreadableTimes.isEmpty {
                let lines = unreadableTimes.prefix(1).map { SourceLocation(file: file.path, line: $0 > 0 ? $0 : nil) }
                let more = unreadableTimes.count > 1 ? " (and \(unreadableTimes.count - 1) more)" : ""
                diagnostics.append(.warning(lines.first ?? location, "message with no readable time skipped\(more)"))
            }
            if cutTexts > 0 {
                diagnostics.append(.warning(location, "\(Wording.plural(cutTexts, "message")) longer than \(DiscordHTMLReader.maxText >> 20) MiB cut short"))
            }
            if groups.isEmpty {
                diagnostics.append(.warning(location, "DiscordChatExporter HTML page with no messages"))
            }
            if let exported, exported != events.count {
                diagnostics.append(.warning(location, "says it holds \(Wording.plural(exported, "message")) but \(events.count) were read"))
            }
            let dates: DateSource = events.isEmpty ? .none : .lines
            // Direct messages: the exporter puts them in a guild of its own, `Direct Messages`.
            let isPrivate = DiscordReader.isDirectGuild(name: channel.workspace)
            return RawConversation(format: .discordText, channel: channel, users: users, events: events, source: location,
                                   note: ReadingNote(layout: DiscordHTMLReader.layout, dates: dates, timeZone: zoneName.map { "\($0) (the export's)" } ?? settings.zoneName),
                                   isPrivate: isPrivate)
        }

        // MARK: Layouts

        /// A group of the current layout: one container a message, the header on the first.
        private mutating func currentGroup(_ group: HTMLElement) -> [RawEvent] {
            var events: [RawEvent] = []
            var author: (RawAuthor?, String?, Bool) = (nil, nil, false)
            for container in group.all(where: { $0.hasClass("chatlog__message-container") }, skipping: Self.isGroup) {
                let line = SourceLocation(file: file.path, line: container.line > 0 ? container.line : nil)
                let id = nonEmpty(container.attribute("data-message-id")) ?? messageID(fromElementID: container.attribute("id"))
                if let notice = container.first(class: "chatlog__system-notification-author") {
                    let (who, name) = noteAuthor(notice)
                    let stamp = container.first(class: "chatlog__system-notification-timestamp")
                    guard let time = time(stamp, line: container.line) else { continue }
                    let content = collapse(container.first(class: "chatlog__system-notification-content")?.text ?? "")
                    let sentence = [name ?? "Someone", content].filter { !$0.isEmpty }.joined(separator: " ")
                    events.append(RawEvent(kind: .system, id: id, author: who, authorName: name, time: time, text: sentence, location: line))
                    continue
                }
                if let header = container.first(class: "chatlog__header") {
                    if let element = header.first(class: "chatlog__author") {
                        let (who, name) = noteAuthor(element)
                        author = (who, name, header.first { $0.hasClass("chatlog__author-tag") || $0.hasClass("chatlog__bot-label") || $0.hasClass("chatlog__bot-tag") } != nil)
                    }
                }
                let stamp = container.first(class: "chatlog__timestamp") ?? container.first(class: "chatlog__short-timestamp")
                guard let time = time(stamp, line: container.line) else { continue }
                var event = message(container, id: id, author: author, time: time, location: line)
                event.replyTo = replyTarget(container)
                events.append(event)
            }
            return events
        }

        /// A group of the old layout: one author and one time for all its messages.
        private mutating func oldGroup(_ group: HTMLElement) -> [RawEvent] {
            var author: (RawAuthor?, String?, Bool) = (nil, nil, false)
            if let element = group.first(class: "chatlog__author-name") {
                let (who, name) = noteAuthor(element)
                author = (who, name, group.first { $0.hasClass("chatlog__bot-tag") || $0.hasClass("chatlog__author-tag") } != nil)
            }
            guard let time = time(group.first(class: "chatlog__timestamp"), line: group.line) else { return [] }
            let reply = replyTarget(group)
            var events: [RawEvent] = []
            for (index, message) in group.all(where: { $0.hasClass("chatlog__message") }, skipping: Self.isGroup).enumerated() {
                let line = SourceLocation(file: file.path, line: message.line > 0 ? message.line : nil)
                let id = nonEmpty(message.attribute("data-message-id")) ?? messageID(fromElementID: message.attribute("id"))
                var event = self.message(message, id: id, author: author, time: time, location: line)
                if index == 0 { event.replyTo = reply }
                events.append(event)
            }
            return events
        }

        /// A message's text, files, embeds, stickers and reactions.
        private mutating func message(_ element: HTMLElement, id: String?, author: (RawAuthor?, String?, Bool), time: Date,
                                      location: SourceLocation) -> RawEvent {
            var text = MarkedText()
            var edited = false
            if let content = element.first(class: "chatlog__content") {
                edited = content.first(class: "chatlog__edited-timestamp") != nil
                let body = content.first { $0.hasClass("chatlog__markdown-preserve") || $0.hasClass("preserve-whitespace") }
                    ?? content.first(class: "markdown") ?? content
                var builder = MarkupBuilder(idsByUsername: idsByUsername, limit: DiscordHTMLReader.maxText)
                builder.walk(body)
                if builder.cut { cutTexts += 1 }
                text = Self.trimmed(builder.text)
            }
            var attachments: [RawAttachment] = []
            let (folder, held) = (folder, held)
            for attachment in element.all(class: "chatlog__attachment", descend: false) {
                attachments.append(Self.attachment(attachment) { DiscordReader.FileReader.localPath($0, folder: folder, held: held) })
            }
            for embed in element.all(class: "chatlog__embed", descend: false) {
                let title = [embed.first(class: "chatlog__embed-title"), embed.first(class: "chatlog__embed-author"),
                             embed.first(class: "chatlog__embed-author-name"), embed.first(class: "chatlog__embed-invite-guild-name")]
                    .lazy.compactMap { $0.map { collapse($0.text) } }.first { !$0.isEmpty }
                attachments.append(RawAttachment(name: String((title ?? "embed").prefix(300)), type: "embed"))
            }
            for sticker in element.all(class: "chatlog__sticker", descend: false) {
                attachments.append(RawAttachment(name: nonEmpty(sticker.attribute("title")).map { String($0.prefix(300)) } ?? "sticker", type: "sticker"))
            }
            let reactions = element.all(class: "chatlog__reaction", descend: false).compactMap(Self.reaction)
            return RawEvent(kind: .message, id: id, author: author.0, authorName: author.1, time: time, text: text.text, marks: text.marks,
                            reactions: reactions, attachments: attachments, isEdited: edited, isBot: author.2, location: location)
        }

        // MARK: Pieces

        static func isGroup(_ element: HTMLElement) -> Bool { element.hasClass("chatlog__message-group") }

        /// An author element: `title` is the account name, `data-user-id` the id, its text the shown name.
        private mutating func noteAuthor(_ element: HTMLElement) -> (RawAuthor?, String?) {
            let shown = nonEmpty(collapse(element.text)).map { String($0.prefix(200)) }
            let username = nonEmpty(element.attribute("title")).map { String($0.prefix(200)) }
            let id = element.attribute("data-user-id").flatMap { $0.count <= 20 && !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) ? $0 : nil }
            if let id {
                if users[id] == nil { users[id] = RawUser(username: username, displayName: shown ?? username) }
                if let username, idsByUsername[username] == nil { idsByUsername[username] = id }
                return (.id(id), shown ?? username)
            }
            let name = shown ?? username
            return (name.map(RawAuthor.name), name)
        }

        /// The id of the message a reply answers: `scrollToMessage(event, '123')` on its link.
        private func replyTarget(_ element: HTMLElement) -> String? {
            guard let reference = element.first(where: { $0.hasClass("chatlog__reply") || $0.hasClass("chatlog__reference") }) else { return nil }
            guard let link = reference.first(where: { $0.hasClass("chatlog__reply-link") || $0.hasClass("chatlog__reference-link") }) ?? Optional(reference)
            else { return nil }
            if let onclick = link.attribute("onclick"), let quote = onclick.firstIndex(where: { $0 == "'" || $0 == "\"" }) {
                let digits = onclick[onclick.index(after: quote)...].prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty, digits.count <= 20 { return String(digits) }
            }
            if let href = reference.first(where: { $0.name == "a" })?.attribute("href") { return messageID(fromElementID: href) }
            return nil
        }

        /// `chatlog__message-container-123`, `message-123`, `#123`: the id's digits at the end.
        private func messageID(fromElementID value: String?) -> String? {
            guard let value else { return nil }
            let digits = value.reversed().prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 20 else { return nil }
            return String(digits.reversed())
        }

        /// A timestamp element's time: its `title` (the full date) first, else its text. A time
        /// alone (a short timestamp without title) takes the last date read.
        private mutating func time(_ element: HTMLElement?, line: Int) -> Date? {
            for candidate in [element?.attribute("title"), element.map { collapse($0.text) }] {
                guard let candidate, let stamp = DiscordHTMLTime.parse(candidate) else { continue }
                let date = stamp.date ?? lastDate
                guard let date else { continue }
                lastDate = date
                return TextLog.instant(date, seconds: Double(stamp.seconds), in: zone)
            }
            unreadableTimes.append(line)
            return nil
        }

        private static func trimmed(_ text: MarkedText) -> MarkedText {
            let utf8 = Array(text.text.utf8)
            var start = 0, end = utf8.count
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
            while start < end, isSpace(utf8[start]) { start += 1 }
            while end > start, isSpace(utf8[end - 1]) { end -= 1 }
            if start == 0, end == utf8.count { return text }
            let marks = text.marks.compactMap { mark -> RawMark? in
                let lower = max(mark.range.lowerBound, start), upper = min(mark.range.upperBound, end)
                return lower < upper ? RawMark(mark.kind, range: (lower - start)..<(upper - start)) : nil
            }
            return MarkedText(text: String(decoding: utf8[start..<end], as: UTF8.self), marks: marks)
        }

        /// A file: its name from the title (`Image: photo.png (1.2 MB)`), the generic name, or
        /// the old `Attachment: name (size)` link; the file `--media` saved (`localPath` finds it
        /// among the source's), else its address, linked, never loaded.
        static func attachment(_ element: HTMLElement, localPath: (String?) -> String? = { _ in nil }) -> RawAttachment {
            var type: String?
            var name: String?
            if let media = element.first(where: { $0.attribute("title")?.contains(": ") == true && ["img", "source", "video", "audio"].contains($0.name) }),
               let title = media.attribute("title") {
                let kind = title.prefix { $0 != ":" }
                type = ["Image": "image", "Video": "video", "Audio": "audio"][String(kind)]
                name = fileName(String(title.dropFirst(kind.count + 1)))
            }
            if name == nil, let generic = element.first(class: "chatlog__attachment-generic-name") { name = nonEmpty(collapse(generic.text)) }
            if name == nil, let link = element.first(where: { $0.name == "a" }) {
                let text = collapse(link.text)
                name = text.hasPrefix("Attachment: ") ? fileName(String(text.dropFirst("Attachment: ".count))) : nonEmpty(text)
                if name == nil, let href = link.attribute("href"), let last = href.split(separator: "?").first?.split(separator: "/").last {
                    name = String(last).removingPercentEncoding ?? String(last)
                }
            }
            let address = element.first(where: { $0.name == "a" })?.attribute("href")
                ?? element.first(where: { ["img", "source"].contains($0.name) })?.attribute("src")
            let path = localPath(address)
            return RawAttachment(name: String((name ?? "file").prefix(300)), type: type, path: path,
                                 url: path == nil ? address : nil, access: path == nil ? DiscordReader.access(address) : nil)
        }

        /// `photo.png (1.23 MB)` → `photo.png`.
        static func fileName(_ text: String) -> String? {
            var name = text.trimmingCharacters(in: .whitespaces)
            if name.hasSuffix(")"), let open = name.range(of: " (", options: .backwards) { name = String(name[..<open.lowerBound]) }
            return nonEmpty(name)
        }

        /// A reaction: the emoji (the image's `alt`), or `:name:` for a server's own; its count.
        static func reaction(_ element: HTMLElement) -> RawReaction? {
            let image = element.first { $0.name == "img" }
            guard let alt = nonEmpty(image?.attribute("alt") ?? image?.attribute("title") ?? element.attribute("title")) else { return nil }
            let count = element.first(class: "chatlog__reaction-count").flatMap { Int(collapse($0.text).filter(\.isNumber).prefix(9)) } ?? 1
            return RawReaction(emoji: DiscordHTMLReader.emoji(alt), count: count)
        }

        /// The channel from the preamble: guild, `Category / Channel` (a thread: `Category /
        /// Channel / Thread`, named `Channel / Thread` as the JSON reader names threads), topic.
        static func channel(_ root: HTMLElement, fileName: String) -> RawChannel {
            var guild: String?, path: String?, topic: String?
            let entries = root.all(class: "preamble__entry")
            if !entries.isEmpty {
                guild = nonEmpty(collapse(entries[0].text))
                path = entries.count > 1 ? nonEmpty(collapse(entries[1].text)) : nil
                topic = entries.dropFirst(2).lazy.map { collapse($0.text) }
                    .first { !$0.isEmpty && !$0.hasPrefix("Between ") && !$0.hasPrefix("After ") && !$0.hasPrefix("Before ") }
            } else {
                guild = root.first(class: "info__guild-name").flatMap { nonEmpty(collapse($0.text)) }
                path = root.first(class: "info__channel-name").flatMap { nonEmpty(collapse($0.text)) }
                topic = root.first(class: "info__channel-topic").flatMap { nonEmpty(collapse($0.text)) }
            }
            let parts = (path ?? "").components(separatedBy: " / ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let name: String
            switch parts.count {
            case 0: name = fileName
            case 1, 2: name = parts[parts.count - 1]
            default: name = parts.suffix(2).joined(separator: " / ")
            }
            return RawChannel(platform: "discord", workspace: guild.map { String($0.prefix(200)) }, name: String(name.prefix(200)),
                              topic: topic.map { String($0.prefix(2000)) }, prefix: DiscordReader.isDirectGuild(name: guild) ? "" : "#")
        }

        /// `Exported 1,234 message(s)` → 1234.
        static func exportedCount(_ entry: String) -> Int? {
            guard entry.hasPrefix("Exported "), entry.hasSuffix("message(s)") || entry.hasSuffix("messages") else { return nil }
            let digits = entry.dropFirst("Exported ".count).prefix { !$0.isLetter }.filter(\.isNumber)
            return digits.count <= 12 ? Int(digits) : nil
        }

        /// `UTC`, `UTC-5`, `UTC+05:30`, `UTC+5:30` → seconds east of UTC.
        static func utcOffset(_ text: String) -> Int? {
            guard text.hasPrefix("UTC") || text.hasPrefix("GMT") else { return nil }
            let rest = text.dropFirst(3)
            if rest.isEmpty { return 0 }
            guard let sign = rest.first, sign == "+" || sign == "-" || sign == "\u{2212}" else { return nil }
            let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let hours = Int(parts[0]), parts[0].count <= 2, hours <= 14 else { return nil }
            var minutes = 0
            if parts.count == 2 { guard let value = Int(parts[1]), parts[1].count == 2, value < 60 else { return nil }; minutes = value }
            return (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
        }
    }

    /// An emoji image's `alt`: the emoji itself, or a server's own emoji's name as `:name:`.
    static func emoji(_ alt: String) -> String {
        let alt = String(alt.trimmingCharacters(in: .whitespaces).prefix(64))
        if alt.hasPrefix(":"), alt.hasSuffix(":"), alt.count > 2 { return alt }
        return alt.unicodeScalars.allSatisfy(\.isASCII) ? ":\(alt):" : alt
    }
}

/// The HTML the exporter makes of Discord's Markdown, back into text and marks: styles from
/// `<strong>`, `<em>`, `<u>`, `<s>`, `<code>`, `<pre>`, quotes and spoilers; links from `<a href>`
/// (http and https only); emoji from their images' `alt`; mentions by the account name in their
/// `title`, when an author of the page has it.
struct MarkupBuilder {
    let idsByUsername: [String: String]
    let limit: Int
    private(set) var text = MarkedText()
    private(set) var cut = false

    init(idsByUsername: [String: String], limit: Int) {
        self.idsByUsername = idsByUsername
        self.limit = limit
    }

    /// The element's content (not the element's own style). Recursion is bounded by the
    /// parsed tree's depth (`HTMLDocument.maxDepth`).
    mutating func walk(_ element: HTMLElement) {
        for child in element.children {
            guard !cut else { return }
            switch child {
            case .text(let piece): append(piece)
            case .element(let inner): node(inner)
            }
        }
    }

    static let structure: Set<String> = ["chatlog__message-group", "chatlog__message-container", "chatlog__message", "chatlog__messages",
                                         "chatlog__header", "chatlog__author-name", "chatlog__timestamp", "chatlog__reactions",
                                         "chatlog__attachment", "chatlog__embed", "chatlog__sticker", "postamble", "preamble", "chatlog__reply",
                                         "chatlog__reference"]
    static let blocks: Set<String> = ["p", "div", "pre", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr"]
    /// A block ended: the next text starts on a line of its own.
    private var pendingBreak = false

    private mutating func lineBreak() {
        pendingBreak = false
        if text.count > 0, !text.text.hasSuffix("\n") { append("\n") }
    }

    private mutating func append(_ piece: String) {
        if pendingBreak, !piece.isEmpty {
            pendingBreak = false
            if !piece.hasPrefix("\n") { lineBreak() }
        }
        if text.count + piece.utf8.count > limit {
            cut = true
            var room = limit - text.count
            var kept = ""
            for character in piece {
                let size = character.utf8.count
                guard size <= room else { break }
                kept.append(character)
                room -= size
            }
            text.append(kept)
        } else {
            text.append(piece)
        }
    }

    private mutating func styled(_ element: HTMLElement, _ style: TextStyle.Kind) {
        let start = text.count
        walk(element)
        text.mark(.style(style), from: start)
    }

    private mutating func node(_ element: HTMLElement) {
        let name = element.name
        if element.hasClass("chatlog__edited-timestamp") || element.hasClass("chatlog__markdown-quote-border") { return }
        // The exporter's own structure never belongs to a message's text (an unclosed tag nests the rest of the page in it).
        if element.classes.contains(where: { Self.structure.contains(String($0)) }) { return }
        let block = Self.blocks.contains(name) || element.classes.contains { $0.hasSuffix("pre--multiline") || $0.hasSuffix("markdown-quote") || $0 == "quote" }
        if block { lineBreak() }
        defer { if block { pendingBreak = true } }
        switch name {
        case "br":
            append("\n")
        case "img":
            if element.classes.contains(where: { $0.contains("emoji") }), let alt = element.attribute("alt"), !alt.isEmpty {
                append(DiscordHTMLReader.emoji(alt))
            }
        case "a":
            let start = text.count
            walk(element)
            if let href = element.attribute("href")?.trimmingCharacters(in: .whitespacesAndNewlines), href.count <= 2048 {
                let lower = href.prefix(8).lowercased()
                if lower.hasPrefix("http://") || lower.hasPrefix("https://") { text.mark(.link(href), from: start) }
            }
        case "strong", "b": styled(element, .bold)
        case "em", "i": styled(element, .italic)
        case "u": styled(element, .underline)
        case "s", "del", "strike": styled(element, .strike)
        case "code":
            styled(element, element.classes.contains { $0.hasSuffix("multiline") } ? .pre : .code)
        case "pre":
            // `<pre><code class="…multiline">` in some versions: the code element says which.
            if element.first(where: { $0.name == "code" }) != nil { walk(element) } else { styled(element, .pre) }
        case "blockquote":
            styled(element, .quote)
        default:
            if element.hasClass("chatlog__markdown-spoiler") || element.hasClass("spoiler-text") || element.hasClass("spoiler") {
                styled(element, .spoiler)
            } else if element.hasClass("chatlog__markdown-quote") || element.hasClass("quote") {
                styled(element, .quote)
            } else if element.classes.contains(where: { $0.hasSuffix("pre--multiline") }) {
                styled(element, .pre)
            } else if element.classes.contains(where: { $0.hasSuffix("pre--inline") }) {
                styled(element, .code)
            } else if element.hasClass("chatlog__markdown-mention") || element.hasClass("mention") {
                let start = text.count
                walk(element)
                if let title = element.attribute("title"), let id = idsByUsername[title] { text.mark(.mention(id), from: start) }
            } else if name == "li" {
                append("- ")
                walk(element)
            } else {
                walk(element)
            }
        }
    }
}

/// The exporter's formatted local times, in the layouts its versions and locales write:
/// `Thursday, December 4, 2025 8:02 a.m.`, `2025-12-04 8:02 a.m.`, `14-Feb-20 10:00 AM`,
/// `02/14/2020 10:00 AM`, `14.02.2020 22:00`, and a time alone (`8:02 a.m.`).
enum DiscordHTMLTime {
    struct Stamp: Equatable {
        var date: LocalDate?
        /// Seconds after midnight.
        var seconds: Int
    }

    static func parse(_ text: String) -> Stamp? {
        guard text.utf8.count <= 120 else { return nil }
        // Tokens: runs of digits, runs of letters (with dots: `a.m.`), and the separators between numbers.
        var numbers: [(value: Int, digits: Int, after: Character?)] = []
        var words: [String] = []
        var time: (hour: Int, minute: Int, second: Int)?
        var characters = Array(text)[...]
        while let character = characters.first {
            if character.isASCII, character.isNumber {
                let run = characters.prefix { $0.isASCII && $0.isNumber }
                characters = characters.dropFirst(run.count)
                guard run.count <= 4, let value = Int(String(run)) else { return nil }
                if characters.first == ":", time == nil {
                    // h:mm or h:mm:ss
                    let rest = characters.dropFirst()
                    let minute = rest.prefix { $0.isASCII && $0.isNumber }
                    guard minute.count == 2, let minutes = Int(String(minute)) else { return nil }
                    characters = rest.dropFirst(2)
                    var seconds = 0
                    if characters.first == ":" {
                        let second = characters.dropFirst().prefix { $0.isASCII && $0.isNumber }
                        guard second.count == 2, let value = Int(String(second)) else { return nil }
                        seconds = value
                        characters = characters.dropFirst(3)
                    }
                    time = (value, minutes, seconds)
                } else {
                    numbers.append((value, run.count, characters.first))
                }
            } else if character.isLetter {
                let run = characters.prefix { $0.isLetter || $0 == "." }
                characters = characters.dropFirst(run.count)
                words.append(String(run).lowercased().filter { $0 != "." })
            } else {
                characters = characters.dropFirst()
            }
        }
        guard let (written, minute, second) = time, minute < 60, second < 61 else { return nil }
        var hour = written
        // Japanese, Chinese and Korean cultures write theirs before the time.
        let afternoon = words.contains { ["pm", "nachm", "午後", "下午", "오후"].contains($0) }
        let morning = words.contains { ["am", "vorm", "午前", "上午", "오전"].contains($0) }
        if afternoon || morning {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (afternoon ? 12 : 0)
        }
        guard hour < 24 else { return nil }
        let seconds = hour * 3600 + minute * 60 + second
        let month = words.lazy.compactMap { DateText.month(named: $0) }.first
        var date: LocalDate?
        if let month {
            // `December 4, 2025`, `4 December 2025`, `14-Feb-20`: the four-digit number is the year;
            // with none, the day comes first and the year last (two digits, 2000 on).
            guard numbers.count >= 2 else { return nil }
            if let yearIndex = numbers.firstIndex(where: { $0.digits == 4 }) {
                let rest = numbers.enumerated().filter { $0.offset != yearIndex }.map(\.element)
                guard let day = rest.first?.value else { return nil }
                date = LocalDate(year: numbers[yearIndex].value, month: month, day: day)
            } else {
                date = LocalDate(year: 2000 + numbers[numbers.count - 1].value, month: month, day: numbers[0].value)
            }
        } else if numbers.count >= 3 {
            let (a, b, c) = (numbers[0], numbers[1], numbers[2])
            if a.digits == 4 {
                date = LocalDate(year: a.value, month: b.value, day: c.value)
            } else if c.digits == 4 || c.digits == 2 {
                let year = c.digits == 4 ? c.value : 2000 + c.value
                // `/` is the US order (month first) unless the first number cannot be a month;
                // `.` and `-` put the day first.
                if a.after == "/", a.value <= 12 {
                    date = LocalDate(year: year, month: a.value, day: b.value)
                } else {
                    date = LocalDate(year: year, month: b.value, day: a.value)
                }
            } else {
                return nil
            }
        } else if !numbers.isEmpty {
            return nil
        }
        if let date {
            guard (1970...2200).contains(date.year), (1...12).contains(date.month), (1...31).contains(date.day) else { return nil }
        }
        return Stamp(date: date, seconds: seconds)
    }
}

/// Runs of white space as one space, trimmed: names and labels laid out over several lines.
private func collapse(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

private func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return text
}
