import Foundation
import SwiftCSV

/// DiscordChatExporter's plain-text (`PlainTextMessageWriter`) and CSV (`CsvMessageWriter`)
/// exports of one channel. The JSON layout is `DiscordReader`'s, the HTML one `DiscordHTMLReader`'s.
///
/// Text: a preamble between two lines of `=` (`Guild:`, `Channel: Category / name`, `Topic:`,
/// `After:`/`Before:`; before 2.x-era rewrites `Messages:` and `Range:`), then per message a
/// header `[date] author` (` (pinned)` after it when pinned), its content, and optional
/// `{Attachments}`, `{Embed}`, `{Stickers}` and `{Reactions}` sections, each ended by a blank
/// line; a postamble `Exported N message(s)`. The oldest versions list attachment URLs right
/// after the content. Dates are what the exporter's `--dateformat` (old default
/// `dd-MMM-yy hh:mm tt`, invariant culture) or `--locale` (newer: the culture's short date and
/// time, `g`) wrote, in the exporting machine's zone unless an offset is written.
///
/// CSV: a header `AuthorID,Author,Date,Content,Attachments,Reactions`; older versions
/// `AuthorID;Author;Date;Content;Attachments;Reactions;` and `Author;Date;Content;Attachments;`
/// with `;` after every field. Every field is quoted, quotes doubled, line breaks kept.
/// Attachments are URLs joined by `,`, reactions `emoji (count)` joined by `,`.
///
/// The exporter writes only names (`user#1234`, or the username since discriminators went);
/// the CSV's `AuthorID` is the same snowflake as the JSON's, so one person is one identity
/// across layouts. Attachment URLs are never kept: only the file's name, and its path when the
/// export downloaded it (`--media`) and the source holds it, as `DiscordReader` does.
enum DiscordTextReader: FormatReader {
    static let format = SourceFormat.discordText

    /// A message's text is cut beyond this many bytes: a hostile file must not fill memory.
    static let maxText = 1 << 20
    /// Unreadable lines named one by one before the rest are counted.
    static let maxWarnings = 10

    enum Layout: Equatable {
        /// With the preamble, or (pasted) starting at a message header.
        case text(preamble: Bool)
        /// The CSV writer's header, with its separator and whether it has the `AuthorID` column.
        case csv(separator: Character, authorID: Bool)
    }

    // MARK: Recognising


    /// A folder `--media` filled beside a text or CSV export: `general.txt` and `general.txt_Files/`.
    static func claimsFolder(_ names: [String]) -> Bool {
        names.contains { $0.lowercased().hasSuffix(".txt_files") || $0.lowercased().hasSuffix(".csv_files") }
            && names.contains { layoutExtension($0) }
    }

    static func layoutExtension(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".txt") || lower.hasSuffix(".csv")
    }

    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        var best = 0
        for file in source.files where source.kind == .file || !DiscordReader.isMedia(source.name(of: file)) {
            switch layout(of: file.text) {
            case .text(preamble: true)?, .csv?: best = max(best, 95)
            case .text(preamble: false)?: best = max(best, 60)
            case nil: break
            }
            if source.kind == .file { break }
        }
        return best
    }

    /// The layout, from the first lines only.
    static func layout(of text: String) -> Layout? {
        let head = TextLog.lines(String(JSONSource.head(text, limit: 16384)))
        guard let first = head.firstIndex(where: { !isBlank($0.text) }) else { return nil }
        var line = head[first].text
        if line.first == "\u{FEFF}" { line = line.dropFirst() }
        let header = line.trimmingCharacters(in: .whitespaces).lowercased()
        switch header {
        case "authorid,author,date,content,attachments,reactions": return .csv(separator: ",", authorID: true)
        case "authorid;author;date;content;attachments;reactions;", "authorid;author;date;content;attachments;reactions":
            return .csv(separator: ";", authorID: true)
        case "author;date;content;attachments;", "author;date;content;attachments": return .csv(separator: ";", authorID: false)
        case "author,date,content,attachments": return .csv(separator: ",", authorID: false)
        default: break
        }
        if isRule(line) {
            let next = head[(first + 1)...].first { !isBlank($0.text) }
            return next.map { $0.text.hasPrefix("Guild: ") } == true ? .text(preamble: true) : nil
        }
        // A pasted export without its preamble: a header whose author has no `:` (Discord names
        // cannot; WhatsApp's `[date] Name: text` and IRC's `[time] <nick>` are other formats).
        if let header = parseHeader(line), !header.author.contains(":"), !header.author.contains("<"),
           header.author.first.map({ !"*-!=".contains($0) }) == true {
            return .text(preamble: false)
        }
        return nil
    }

    static func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

    /// The preamble's and postamble's rule: a line of `=` (62 of them).
    static func isRule(_ line: Substring) -> Bool { line.count >= 20 && line.allSatisfy { $0 == "=" } }

    // MARK: Reading

    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        let held = source.kind == .file ? Set<String>() : Set(source.media).union(source.files.map { source.name(of: $0) })
        for file in source.files {
            let name = source.name(of: file)
            if source.kind != .file, DiscordReader.isMedia(name) { continue }
            guard let layout = layout(of: file.text) else {
                if source.kind != .file, layoutExtension(name) {
                    diagnostics.append(.warning(SourceLocation(file: file.path), "not a DiscordChatExporter text or CSV export; skipped"))
                }
                continue
            }
            let folder = source.kind == .file ? "" : (name as NSString).deletingLastPathComponent
            var reader = FileReader(file: file, folder: folder, held: held, settings: settings)
            let conversation: RawConversation?
            switch layout {
            case .text: conversation = reader.readText()
            case .csv(let separator, let authorID): conversation = reader.readCSV(separator: separator, authorID: authorID)
            }
            if let conversation { chats.append(.conversation(conversation)) }
            // By line, the file's own warnings first: unreadable lines are gathered until the end.
            diagnostics += reader.diagnostics.enumerated().sorted { ($0.element.location.line ?? 0, $0.offset) < ($1.element.location.line ?? 0, $1.offset) }.map(\.element)
        }
        return (chats, diagnostics)
    }

    /// A message before its time is known: the stamp's numbers wait for the file's order of day and month.
    struct Pending {
        var stamp: Stamp
        var author: String
        var authorID: String?
        var pinned: Bool
        var content: String
        var attachments: [RawAttachment]
        var reactions: [RawReaction]
        var line: Int
    }

    /// One exported file.
    struct FileReader {
        let file: SourceFile
        let folder: String
        let held: Set<String>
        let settings: ReadSettings
        var diagnostics: [Diagnostic] = []
        private var unreadable: [Int] = []

        init(file: SourceFile, folder: String, held: Set<String>, settings: ReadSettings) {
            self.file = file
            self.folder = folder
            self.held = held
            self.settings = settings
        }

        private var fileName: String { ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension }

        // MARK: Text

        mutating func readText() -> RawConversation? {
            let lines = TextLog.lines(file.text)
            var index = 0
            while index < lines.count, isBlank(lines[index].text) { index += 1 }
            var guild: String?, channelName: String?, topic: String?
            if index < lines.count, isRule(lines[index].text.drop { $0 == "\u{FEFF}" }) {
                index += 1
                var inTopic = false, topicLines: [Substring] = [], topicBytes = 0
                while index < lines.count, !isRule(lines[index].text) {
                    let text = lines[index].text
                    if let value = field(text, "Guild") { guild = value; inTopic = false }
                    else if let value = field(text, "Channel") { channelName = value; inTopic = false }
                    else if let value = field(text, "Topic") { topic = value; inTopic = true }
                    else if ["After", "Before", "Messages", "Range"].contains(where: { field(text, $0) != nil }) { inTopic = false }
                    else if inTopic, topicBytes < DiscordTextReader.maxText {
                        // Gathered, joined once: a preamble never closed by its rule may hold every line.
                        topicLines.append(text.prefix(DiscordTextReader.maxText))
                        topicBytes += text.utf8.count + 1
                    }
                    index += 1
                }
                if !topicLines.isEmpty { topic = ([topic ?? ""] + topicLines.map(String.init)).joined(separator: "\n") }
                index += 1
            }

            // Messages: each starts at a header; what follows until the next header is its body.
            var pending: [Pending] = []
            var current: (header: Header, line: Int, body: [LogLine])?
            var exported: (count: Int, line: Int)?
            func finish(_ reader: inout FileReader) {
                if let (header, line, body) = current { pending.append(reader.message(header, line: line, body: body)) }
                current = nil
            }
            while index < lines.count {
                let line = lines[index]
                index += 1
                // The postamble: a rule, `Exported N message(s)`, a rule.
                if isRule(line.text), index < lines.count, let count = Self.exportedCount(lines[index].text) {
                    exported = (count, lines[index].number)
                    index += 1
                    if index < lines.count, isRule(lines[index].text) { index += 1 }
                    finish(&self)
                    continue
                }
                if let header = parseHeader(line.text) {
                    finish(&self)
                    current = (header, line.number, [])
                    continue
                }
                if current != nil {
                    current?.body.append(line)
                } else if !isBlank(line.text) {
                    unreadable.append(line.number)
                }
            }
            finish(&self)
            // No header at all, yet lines like one: a culture's date this reader does not know.
            if pending.isEmpty, let first = unreadable.first.flatMap({ number in lines.first { $0.number == number } }),
               first.text.hasPrefix("["), first.text.prefix(80).contains("] ") {
                diagnostics.append(.warning(SourceLocation(file: file.path, line: first.number),
                                            "no message read: the date in '\(first.text.prefix(60))' is in a layout Confab does not read (export again with --locale en-US)"))
                unreadable = []
            }
            warnUnreadable("not part of a message (no '[date] author' line before it)")
            if let exported, exported.count != pending.count {
                diagnostics.append(.warning(SourceLocation(file: file.path, line: exported.line),
                                            "says it holds \(Wording.plural(exported.count, "message", "messages")) but \(pending.count) were read"))
            }
            let name = channelName.map { String($0.components(separatedBy: " / ").last ?? $0) } ?? fileName
            return conversation(pending, channel: RawChannel(platform: "discord", workspace: guild, name: name.isEmpty ? fileName : name,
                                                            topic: topic.flatMap { $0.isEmpty ? nil : $0 }, prefix: "#"),
                                layout: "DiscordChatExporter text")
        }

        /// `Key: value` of the preamble.
        private func field(_ line: Substring, _ key: String) -> String? {
            guard line.hasPrefix(key + ":") else { return nil }
            return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        }

        /// A message's body: its content, then sections the exporter writes in braces.
        mutating func message(_ header: Header, line: Int, body: [LogLine]) -> Pending {
            var content: [Substring] = [], attachments: [RawAttachment] = [], reactions: [RawReaction] = []
            var section: Substring?, embed: [Substring] = [], sawSection = false, contentBytes = 0
            func closeEmbed() {
                if !embed.isEmpty { attachments.append(Self.embed(embed)) }
                embed = []
            }
            for entry in body {
                let text = entry.text
                if ["{Attachments}", "{Embed}", "{Stickers}", "{Reactions}"].contains(text) {
                    closeEmbed()
                    section = text
                    sawSection = true
                    continue
                }
                switch section {
                case nil:
                    // Beyond the cap nothing more is kept (`capped` warns); a huge line is cut before joining.
                    if contentBytes <= DiscordTextReader.maxText { content.append(text.prefix(DiscordTextReader.maxText + 1)) }
                    contentBytes += text.utf8.count + 1
                case "{Attachments}"?, "{Stickers}"?:
                    if isBlank(text) { section = nil; continue }
                    if attachments.count < 1000 { attachments.append(attachment(text, type: section == "{Stickers}" ? "sticker" : nil)) }
                case "{Embed}"?:
                    if isBlank(text) { closeEmbed(); section = nil; continue }
                    if embed.count < 1000 { embed.append(text) }
                default:
                    if isBlank(text) { section = nil; continue }
                    reactions += Self.reactions(text, separatedBy: " ")
                }
            }
            closeEmbed()
            while let last = content.last, isBlank(last) { content.removeLast() }
            // In one step: removing blank lines one at a time from the front was quadratic.
            content.removeFirst(content.prefix { isBlank($0) }.count)
            // The oldest layout: attachment URLs right after the content, without a section
            // (gathered from the end, put in order once; as many kept as a section keeps).
            if !sawSection {
                var urls: [Substring] = []
                while let last = content.last, Self.isAttachmentURL(last) {
                    urls.append(last)
                    content.removeLast()
                }
                attachments = urls.reversed().prefix(1000).map { attachment($0, type: nil) } + attachments
            }
            return Pending(stamp: header.stamp, author: header.author, authorID: nil, pinned: header.pinned,
                           content: capped(content.joined(separator: "\n"), line: line), attachments: attachments,
                           reactions: reactions, line: line)
        }

        /// `Exported 1,234 message(s)`: the count, its group separators whatever the culture.
        static func exportedCount(_ line: Substring) -> Int? {
            guard line.hasPrefix("Exported "), line.hasSuffix(" message(s)") else { return nil }
            let digits = line.dropFirst(9).dropLast(11).filter { $0.isASCII && $0.isNumber }
            return digits.isEmpty || digits.count > 12 ? nil : Int(digits)
        }

        // MARK: CSV

        mutating func readCSV(separator: Character, authorID: Bool) -> RawConversation? {
            var text = Substring(file.text)
            if text.first == "\u{FEFF}" { text = text.dropFirst() }
            let columns = authorID ? 6 : 4
            var pending: [Pending] = []
            var records = Records(text), first = true, restarts = 0
            while let (record, resume) = records.next() {
                if first { first = false; continue }
                if record.unterminated {
                    diagnostics.append(.warning(SourceLocation(file: file.path, line: record.line),
                                                "a quoted field opened here is never closed (the file is cut off?); the record is skipped"))
                    continue
                }
                if record.text.allSatisfy(\.isWhitespace) { continue }
                var fields: [String]
                do {
                    // One record at a time, so an error names its line: SwiftCSV stops at its
                    // first and says no place. The line end keeps a last empty field.
                    fields = try EnumeratedCSV(string: String(record.text) + "\n", delimiter: .character(separator), loadColumns: false).header
                } catch {
                    fields = []
                }
                // The old writers end every field with `;`: an empty field after the last.
                if fields.count == columns + 1, fields.last == "" { fields.removeLast() }
                guard fields.count == columns else {
                    unreadable.append(record.line)
                    // A stray quote joined lines that are records of their own: read on after its first line.
                    if let resume, restarts < 1000 { restarts += 1; records.resume(at: resume) }
                    continue
                }
                let offset = authorID ? 1 : 0
                let id = authorID ? fields[0].trimmingCharacters(in: .whitespaces) : nil
                guard let stamp = Stamp.parse(Substring(fields[offset + 1].trimmingCharacters(in: .whitespaces))) else {
                    diagnostics.append(.warning(SourceLocation(file: file.path, line: record.line), "no readable date '\(fields[offset + 1].prefix(40))'; skipped"))
                    continue
                }
                let author = fields[offset].trimmingCharacters(in: .whitespaces)
                let urls = fields[offset + 3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(1000)
                pending.append(Pending(
                    stamp: stamp, author: author, authorID: id.flatMap { Self.isSnowflake($0) ? $0 : nil }, pinned: false,
                    content: capped(fields[offset + 2].replacingOccurrences(of: "\r\n", with: "\n"), line: record.line), attachments: urls.map { attachment(Substring($0), type: nil) },
                    reactions: authorID ? Self.reactions(Substring(fields[5]), separatedBy: ",") : [], line: record.line))
            }
            warnUnreadable("not a record of the export's columns")
            return conversation(pending, channel: RawChannel(platform: "discord", name: fileName, prefix: "#"),
                                layout: "DiscordChatExporter CSV")
        }

        static func isSnowflake(_ text: String) -> Bool { !text.isEmpty && text.count <= 20 && text.allSatisfy { $0.isASCII && $0.isNumber } }

        /// A CSV record: its text, the line it starts on, and whether the file ended inside its quotes.
        struct Record {
            var text: Substring
            var line: Int
            var unterminated: Bool
        }

        /// The records of a CSV text: a line end outside quotes ends one. Linear; a record still
        /// open after `maxText` bytes ends at its first line (a stray quote must not eat the file).
        struct Records {
            let text: Substring
            private var index: String.Index
            private var line = 1

            init(_ text: Substring) {
                self.text = text
                index = text.startIndex
            }

            /// The next record, and where its first line ends (to read on from there when it is bad).
            mutating func next() -> (Record, resume: (String.Index, Int)?)? {
                let utf8 = text.utf8
                guard index < utf8.endIndex else { return nil }
                let start = index, startLine = line
                var quoted = false, firstLineEnd: (String.Index, Int)?
                while index < utf8.endIndex {
                    let byte = utf8[index]
                    if byte == UInt8(ascii: "\"") {
                        quoted.toggle()
                    } else if byte == 0x0A {
                        let end = index
                        utf8.formIndex(after: &index)
                        line += 1
                        if !quoted { return (Record(text: Self.trimmed(text[start..<end]), line: startLine, unterminated: false), firstLineEnd) }
                        if firstLineEnd == nil { firstLineEnd = (index, line) }
                        if utf8.distance(from: start, to: index) > DiscordTextReader.maxText, let resume = firstLineEnd {
                            (index, line) = resume
                            return (Record(text: text[start..<start], line: startLine, unterminated: true), nil)
                        }
                        continue
                    }
                    utf8.formIndex(after: &index)
                }
                return (Record(text: Self.trimmed(text[start...]), line: startLine, unterminated: quoted), firstLineEnd)
            }

            /// Reads on from the line after a bad record's first.
            mutating func resume(at point: (String.Index, Int)) { (index, line) = point }

            static func trimmed(_ text: Substring) -> Substring { text.utf8.last == 0x0D ? text.dropLast() : text }
        }

        // MARK: Shared

        /// The events, once the file's dates say whether `1/2/2020` is the 1st of February or January 2nd.
        mutating func conversation(_ pending: [Pending], channel: RawChannel, layout: String) -> RawConversation? {
            let dayFirst = Stamp.dayFirst(pending.map(\.stamp))
            var users: [String: RawUser] = [:], events: [RawEvent] = []
            var naive = false
            let context = DiscordReader.FileReader.Context(channelID: nil, channelName: channel.name, parentName: nil)
            for message in pending {
                guard let (date, seconds, offset) = message.stamp.resolved(dayFirst: dayFirst) else {
                    diagnostics.append(.warning(SourceLocation(file: file.path, line: message.line), "no such date; message skipped"))
                    continue
                }
                let time: Date
                if let offset {
                    time = Date(timeIntervalSince1970: Double(TimeText.daysSinceEpoch(date)) * 86400 + seconds - Double(offset))
                } else {
                    naive = true
                    time = TextLog.instant(date, seconds: seconds, in: settings.timeZone)
                }
                // `user#1234` (discriminators before 2023) is shown as `user`, as the JSON reader shows it.
                let shown = Self.shownName(message.author)
                let key = message.authorID ?? message.author
                if users[key] == nil { users[key] = RawUser(username: message.author, displayName: shown) }
                let author: RawAuthor? = message.author.isEmpty ? nil : (message.authorID.map(RawAuthor.id) ?? .name(message.author))
                let location = SourceLocation(file: file.path, line: message.line)
                if let sentence = Self.systemSentence(message.content, actor: shown), message.attachments.isEmpty {
                    events.append(RawEvent(kind: .system, author: author, authorName: shown, time: time, text: sentence,
                                           isPinned: message.pinned, location: location))
                    continue
                }
                let text = InlineMarkup.apply(DiscordMarkup.text(message.content, mentions: [], users: [:], roles: [:], context: context), .discord)
                events.append(RawEvent(kind: .message, author: author, authorName: shown.isEmpty ? nil : shown, time: time,
                                       text: text.text, marks: text.marks, reactions: message.reactions,
                                       attachments: message.attachments, isPinned: message.pinned, location: location))
            }
            // Direct messages: the preamble's guild is the exporter's `Direct Messages`. A CSV has
            // no preamble; only its default name (`Direct Messages - Private - ana [id].csv`) says it.
            let isPrivate = DiscordReader.isDirectGuild(name: channel.workspace) || fileName.hasPrefix(DiscordReader.directGuild + " - ")
            var channel = channel
            if isPrivate { channel.prefix = "" }
            return RawConversation(format: .discordText, channel: channel, users: users, events: events,
                                   source: SourceLocation(file: file.path),
                                   note: ReadingNote(layout: layout, dates: .lines, timeZone: naive ? settings.zoneName : nil),
                                   isPrivate: isPrivate)
        }

        static func shownName(_ fullName: String) -> String {
            guard let hash = fullName.lastIndex(of: "#") else { return fullName }
            let digits = fullName[fullName.index(after: hash)...]
            guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), hash > fullName.startIndex else { return fullName }
            return String(fullName[..<hash])
        }

        /// The exporter writes its own sentence as the content of Discord's system messages.
        static func systemSentence(_ content: String, actor: String) -> String? {
            let actor = actor.isEmpty ? "Someone" : actor
            switch content {
            case "Joined the server.": return "\(actor) joined the server"
            case "Pinned a message.": return "\(actor) pinned a message"
            case "Changed the channel icon.": return "\(actor) changed the channel icon"
            case "Changed the channel name.": return "\(actor) changed the channel name"
            case "Started a thread.": return "\(actor) started a thread"
            case "Left the group.": return "\(actor) left the group"
            case "Started a call.": return "\(actor) started a call"
            default: break
            }
            if content.hasPrefix("Changed the channel name: "), !content.contains("\n") {
                return "\(actor) changed the channel name: \(content.dropFirst("Changed the channel name: ".count))"
            }
            return nil
        }

        /// `url` as an attachment named by its last path component; a path only when the export
        /// downloaded the file (`--media`: a relative path) and the source holds it.
        func attachment(_ url: Substring, type: String?) -> RawAttachment {
            let trimmed = url.trimmingCharacters(in: .whitespaces)
            let withoutQuery = trimmed.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? trimmed
            let last = withoutQuery.replacingOccurrences(of: "\\", with: "/").split(separator: "/").last.map(String.init) ?? ""
            var name = String((last.removingPercentEncoding ?? last).prefix(200))
            // A file `--media` downloaded is named `photo-1A2B3.png`: shown as `photo.png`.
            if !trimmed.contains("://"), DiscordReader.isAssetName(name) {
                let stem = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
                if stem.count > 6 { name = String(stem.dropLast(6)) + (ext.isEmpty ? "" : "." + ext) }
            }
            let path = localPath(trimmed)
            return RawAttachment(name: name.isEmpty ? "file" : name, type: type, path: path,
                                 url: path == nil ? trimmed : nil, access: path == nil ? DiscordReader.access(trimmed) : nil)
        }

        func localPath(_ url: String) -> String? { DiscordReader.FileReader.localPath(url, folder: folder, held: held) }

        /// Discord's CDN addresses of attachments, as the oldest layout lists them after the content.
        static func isAttachmentURL(_ line: Substring) -> Bool {
            let text = line.trimmingCharacters(in: .whitespaces)
            return !text.contains(" ") && (text.hasPrefix("https://cdn.discordapp.com/attachments/") || text.hasPrefix("https://media.discordapp.net/attachments/"))
        }

        /// An `{Embed}` section: author, URL, title, description, fields, images, footer, each
        /// on its line when present. Named by its title (the line after its URL), else its first line.
        static func embed(_ lines: [Substring]) -> RawAttachment {
            let isURL: (Substring) -> Bool = { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            var name = lines.first { !isURL($0) }.map(String.init)
            if let url = lines.prefix(2).firstIndex(where: isURL) {
                name = lines.indices.contains(url + 1) && !isURL(lines[url + 1]) ? String(lines[url + 1]) : String(lines[url])
            }
            return RawAttachment(name: String((name ?? "embed").prefix(200)), type: "embed")
        }

        /// `👍 (2) :blob: ` (text, count shown above one) or `👍 (2),blob (1)` (CSV).
        static func reactions(_ line: Substring, separatedBy separator: Character) -> [RawReaction] {
            var reactions: [RawReaction] = []
            let parts = separator == "," ? line.split(separator: ",") : line.split(separator: " ")
            for part in parts.prefix(1000) {
                let token = part.trimmingCharacters(in: .whitespaces)
                if token.hasPrefix("("), token.hasSuffix(")"), let count = Int(token.dropFirst().dropLast()), count >= 0, let last = reactions.indices.last {
                    reactions[last].count = count
                    continue
                }
                var emoji = Substring(token), count = 1
                if let open = token.lastIndex(of: "("), token.hasSuffix(")"), let value = Int(token[token.index(after: open)...].dropLast()), value >= 0 {
                    count = value
                    emoji = token[..<open]
                }
                let name = emoji.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                // A server's own emoji is written by its name alone: shown `:name:`, as the JSON reader shows it.
                let custom = name.allSatisfy { $0.isASCII && (DiscordMarkup.isWordCharacter($0) || $0 == "-") }
                reactions.append(RawReaction(emoji: custom ? ":\(name):" : name, count: count))
            }
            return reactions
        }

        mutating func capped(_ text: String, line: Int) -> String {
            guard text.utf8.count > DiscordTextReader.maxText else { return text }
            diagnostics.append(.warning(SourceLocation(file: file.path, line: line), "message longer than 1 MB; cut"))
            return String(TextLog.prefix(text, bytes: DiscordTextReader.maxText))
        }

        /// Unreadable lines: the first few by line, the rest counted.
        mutating func warnUnreadable(_ reason: String) {
            guard !unreadable.isEmpty else { return }
            for line in unreadable.prefix(DiscordTextReader.maxWarnings) {
                diagnostics.append(.warning(SourceLocation(file: file.path, line: line), "\(reason); skipped"))
            }
            if unreadable.count > DiscordTextReader.maxWarnings {
                diagnostics.append(.warning(SourceLocation(file: file.path, line: unreadable[DiscordTextReader.maxWarnings]),
                                            "and \(Wording.plural(unreadable.count - DiscordTextReader.maxWarnings, "more line", "more lines")) like it"))
            }
            unreadable = []
        }
    }

    // MARK: Headers and dates

    /// `[date] author`, ` (pinned)` after it when the message is pinned. Discord names have no `:`,
    /// so the pasted-log sniffing rejects WhatsApp's `[date] Name: text`; IRC's `<nick>` and `* nick` too.
    struct Header {
        var stamp: Stamp
        var author: String
        var pinned: Bool
    }

    static func parseHeader(_ line: Substring) -> Header? {
        guard line.first == "[", let close = line.prefix(80).firstIndex(of: "]") else { return nil }
        let inside = line[line.index(after: line.startIndex)..<close]
        let rest = line[line.index(after: close)...]
        guard rest.first == " ", let stamp = Stamp.parse(inside) else { return nil }
        var author = rest.dropFirst()
        var pinned = false
        if author.hasSuffix(" (pinned)") { author = author.dropLast(9); pinned = true }
        let name = author.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.utf8.count <= 200 else { return nil }
        return Header(stamp: stamp, author: name, pinned: pinned)
    }

    /// A date as the exporter wrote it, before the file's order of day and month is known:
    /// `02-Jan-20 03:04 PM`, `1/2/2020 3:04 PM`, `02.01.2020 15:04`, `2020-01-02 15:04`,
    /// `2020-01-02T15:04:05.678+01:00`, `2025-12-06 1:51 a.m.`.
    struct Stamp: Equatable {
        enum Order: Equatable { case yearFirst, monthNamed, numeric(dayFirstOnly: Bool) }
        var first: Int, second: Int, third: Int
        var order: Order
        var seconds: Double
        var meridiem: Bool
        /// Seconds east of UTC, when written.
        var offset: Int?

        static func parse(_ text: Substring) -> Stamp? {
            let bytes = Array(text.utf8.prefix(64))
            guard text.utf8.count <= 64 else { return nil }
            var i = 0
            func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
            func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
            func isLetter(_ b: UInt8?) -> Bool { b.map { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } ?? false }
            func number(max: Int) -> (Int, Int)? {
                var value = 0, count = 0
                while count < max, isDigit(peek()) { value = value * 10 + Int(bytes[i] - 0x30); i += 1; count += 1 }
                return count == 0 || isDigit(peek()) ? nil : (value, count)
            }
            // Spaces, and the no-break and narrow no-break spaces ICU puts before AM/PM.
            func spaces() {
                while i < bytes.count {
                    if bytes[i] == 0x20 { i += 1 } else if bytes[i...].starts(with: [0xC2, 0xA0]) { i += 2 } else if bytes[i...].starts(with: [0xE2, 0x80, 0xAF]) { i += 3 } else { return }
                }
            }
            // Korean and Chinese cultures write the meridiem before the time: `2020. 1. 2. 오후 3:04`.
            func leadingMeridiem() -> Bool? {
                for (word, pm) in [("오후", true), ("오전", false), ("下午", true), ("上午", false), ("午後", true), ("午前", false)]
                where bytes[i...].starts(with: Array(word.utf8)) {
                    i += word.utf8.count
                    spaces()
                    return pm
                }
                return nil
            }

            guard let (a, aDigits) = number(max: 4), let separator = peek(), separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else { return nil }
            i += 1
            spaces()
            var b = 0, named = false
            if isLetter(peek()) {
                let start = i
                while isLetter(peek()), i - start < 12 { i += 1 }
                guard let month = DateText.month(named: String(decoding: bytes[start..<i], as: UTF8.self)) else { return nil }
                (b, named) = (month, true)
            } else {
                guard let (value, _) = number(max: 2) else { return nil }
                b = value
            }
            guard peek() == separator else { return nil }
            i += 1
            spaces()
            guard let (c, cDigits) = number(max: 4), cDigits == 2 || cDigits == 4 || (aDigits == 4 && cDigits == 1) else { return nil }
            if peek() == UInt8(ascii: ".") { i += 1 }
            // Date and time: a space or ISO's `T`; never a comma (WhatsApp's `[1/2/20, 3:04 PM]`).
            if peek() == UInt8(ascii: "T") { i += 1 } else {
                guard peek() == 0x20 else { return nil }
                spaces()
            }
            let leading = leadingMeridiem()
            // `15:04`; Finnish and Danish cultures write `15.04`.
            guard let (hour, _) = number(max: 2), peek() == UInt8(ascii: ":") || peek() == UInt8(ascii: ".") else { return nil }
            i += 1
            guard let (minute, minuteDigits) = number(max: 2), minuteDigits == 2 else { return nil }
            var second = 0.0
            if peek() == UInt8(ascii: ":") {
                i += 1
                guard let (value, digits) = number(max: 2), digits == 2 else { return nil }
                second = Double(value)
                if peek() == UInt8(ascii: ".") || peek() == UInt8(ascii: ",") {
                    i += 1
                    var scale = 0.1, any = false
                    while isDigit(peek()) { second += Double(bytes[i] - 0x30) * scale; scale /= 10; i += 1; any = true }
                    guard any else { return nil }
                }
            }
            spaces()
            // AM/PM: `AM`, `pm`, `a.m.`, `P.M.`.
            var meridiem = leading
            if meridiem == nil, let letter = peek(), letter | 0x20 == UInt8(ascii: "a") || letter | 0x20 == UInt8(ascii: "p") {
                let pm = letter | 0x20 == UInt8(ascii: "p")
                i += 1
                if peek() == UInt8(ascii: ".") { i += 1 }
                guard let m = peek(), m | 0x20 == UInt8(ascii: "m") else { return nil }
                i += 1
                if peek() == UInt8(ascii: ".") { i += 1 }
                meridiem = pm
                spaces()
            }
            var offset: Int?
            if let sign = peek() {
                if sign == UInt8(ascii: "Z") { offset = 0; i += 1 } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    i += 1
                    guard let (hours, digits) = number(max: 2), digits == 2 else { return nil }
                    if peek() == UInt8(ascii: ":") { i += 1 }
                    let minutes = number(max: 2)?.0 ?? 0
                    guard hours <= 14, minutes <= 59 else { return nil }
                    offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
                } else if bytes[i...].starts(with: Array("UTC".utf8)) || bytes[i...].starts(with: Array("GMT".utf8)) {
                    offset = 0; i += 3
                }
            }
            spaces()
            guard i == bytes.count, minute <= 59, second < 61 else { return nil }
            var hour24 = hour
            if let pm = meridiem {
                guard (1...12).contains(hour) else { return nil }
                hour24 = hour % 12 + (pm ? 12 : 0)
            }
            guard hour24 <= 23 else { return nil }
            let order: Order = aDigits == 4 ? .yearFirst : named ? .monthNamed : .numeric(dayFirstOnly: separator == UInt8(ascii: "."))
            if order == .yearFirst, named { return nil }
            return Stamp(first: a, second: b, third: c, order: order, seconds: Double(hour24 * 3600 + minute * 60) + second,
                         meridiem: meridiem != nil, offset: offset)
        }

        /// Whether `a/b/c` dates of a file put the day first: a number above 12 says which;
        /// else the 12-hour clock is the US's month first, the 24-hour clock most others' day first.
        static func dayFirst(_ stamps: [Stamp]) -> Bool {
            var meridiem = false
            for stamp in stamps {
                guard case .numeric(let dotted) = stamp.order else { continue }
                if dotted || stamp.first > 12 { return true }
                if stamp.second > 12 { return false }
                meridiem = meridiem || stamp.meridiem
            }
            return !meridiem
        }

        func resolved(dayFirst: Bool) -> (LocalDate, Double, Int?)? {
            var year: Int, month: Int, day: Int
            switch order {
            case .yearFirst: (year, month, day) = (first, second, third)
            case .monthNamed: (year, month, day) = (third, second, first)
            case .numeric(let dotted): (year, month, day) = dotted || dayFirst ? (third, second, first) : (third, first, second)
            }
            if year < 100 { year += year < 70 ? 2000 : 1900 }
            guard (1...12).contains(month), day >= 1, day <= TextLog.daysIn(month: month, year: year) else { return nil }
            return (LocalDate(year: year, month: month, day: day), seconds, offset)
        }
    }
}
