import Foundation

/// The formats Confab reads; each is recognised by content, never by a file's name.
public enum SourceFormat: String, Sendable, CaseIterable {
    /// A Twitter-chat transcript: bullets with author, role, time and zone; replies; nested quotes.
    case participate
    /// A Twitter-chat transcript: a header, one date-and-time line, then one authorless message a line.
    case plain
    /// A Slack workspace export (zip or folder) or saved `conversations.history` pages.
    case slack
    /// A DiscordChatExporter JSON export.
    case discord
    /// A Telegram Desktop `result.json`.
    case telegram
    /// An Element (Matrix) JSON export.
    case matrix
    /// A Mattermost bulk export (JSONL).
    case mattermost
    /// A Zulip topic as zulip-archive keeps it, or a Zulip export.
    case zulip
    /// An IRC client's or bot's log: irssi, WeeChat, ZNC, Limnoria, X-Chat and HexChat.
    case irc
    /// A WhatsApp chat exported as text (Android or iOS), alone or in its zip.
    case whatsapp
    /// A Zoom meeting's `meeting_saved_chat.txt`.
    case zoom
    /// A DiscordChatExporter export as text, CSV or HTML.
    case discordText = "discord-text"
    /// A Matrix room's plain-text log as matrix-archive-bot writes it.
    case matrixLog = "matrix-log"
    /// A line layout described under `formats:` in `site.yaml`.
    case described
}

/// What a source holds, as its reader read it.
public enum RawChat: Sendable {
    /// One Twitter-chat transcript: one session.
    case transcript(RawTranscript)
    /// One channel of a platform's export: as many sessions as its days (or as the settings split it).
    case conversation(RawConversation)
}

/// A format's reader: one file per format, listed in `FormatRegistry.readers`.
public protocol FormatReader: Sendable {
    static var format: SourceFormat { get }
    /// How sure the reader is that `source` is its own, from its first bytes or keys:
    /// 0 not at all, 100 certain. The most confident reader reads the source.
    static func confidence(_ source: Source, settings: ReadSettings) -> Int
    /// Whether a folder holding these names is an export of this format, read as one source.
    static func claimsFolder(_ names: [String]) -> Bool
    /// The source's chats; what cannot be read becomes a diagnostic naming file and line or
    /// message. `settings`: the zone of naive times, the layouts `site.yaml` describes, dates
    /// given for files. Private chats and messages are read and marked as such, never left
    /// out here: normalize decides what is published.
    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic])
}

extension FormatReader {
    public static func claimsFolder(_ names: [String]) -> Bool { false }
    /// With the default settings (UTC, nothing described): what the tests mostly ask.
    public static func confidence(_ source: Source) -> Int { confidence(source, settings: ReadSettings()) }
    public static func read(_ source: Source) -> (chats: [RawChat], diagnostics: [Diagnostic]) { read(source, settings: ReadSettings()) }
}

/// Every format reader, and the choice among them.
public enum FormatRegistry {
    static let readers: [any FormatReader.Type] = [
        TranscriptFormatReader.self,
        SlackReader.self,
        MatrixReader.self,
        TelegramReader.self,
        DiscordReader.self,
        MattermostReader.self,
        ZulipReader.self,
        DiscordTextReader.self,
        DiscordHTMLReader.self,
        WhatsAppReader.self,
        IRCReader.self,
        ZoomReader.self,
        MatrixLogReader.self,
        DescribedFormatReader.self,
    ]

    static func claimsFolder(_ names: [String]) -> Bool {
        readers.contains { $0.claimsFolder(names) }
    }

    /// The most confident reader (the first listed on a tie), if any reader wants the source.
    static func reader(for source: Source, settings: ReadSettings) -> (any FormatReader.Type)? {
        var best: (any FormatReader.Type)?, bestConfidence = 0
        for reader in readers {
            let confidence = reader.confidence(source, settings: settings)
            if confidence > bestConfidence { (best, bestConfidence) = (reader, confidence) }
        }
        return best
    }

    /// The source read by the most confident reader (the first listed on a tie).
    /// Attachments keep a path only when the source lists the file, and it becomes the
    /// path the user knows (`content/export/photos/a.jpg`): what the media step copies.
    static func held(_ reading: (chats: [RawChat], diagnostics: [Diagnostic]), in source: Source) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        let listed = Set(source.media + source.files.map { source.name(of: $0) })
        let chats = reading.chats.map { chat -> RawChat in
            guard case .conversation(var conversation) = chat else { return chat }
            for index in conversation.events.indices where conversation.events[index].attachments.contains(where: { $0.path != nil }) {
                conversation.events[index].attachments = conversation.events[index].attachments.map { file in
                    var file = file
                    file.path = file.path.flatMap { listed.contains($0) ? source.path + "/" + $0 : nil }
                    return file
                }
            }
            return .conversation(conversation)
        }
        return (chats, reading.diagnostics)
    }

    public static func read(_ source: Source, settings: ReadSettings = ReadSettings()) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        if let best = reader(for: source, settings: settings) { return held(best.read(source, settings: settings), in: source) }
        // A log pasted into a Markdown or wiki page: its code blocks, on their own lines, are the log.
        if source.kind == .file, let file = source.files.first, let code = TextLog.codeBlocks(file.text) {
            let inner = Source(SourceFile(path: file.path, text: code))
            if let best = reader(for: inner, settings: settings), ObjectIdentifier(best) != ObjectIdentifier(TranscriptFormatReader.self) {
                return held(best.read(inner, settings: settings), in: inner)
            }
        }
        // A text file no reader claims: the transcript reader says what it expected.
        if source.kind == .file { return TranscriptFormatReader.read(source) }
        return ([], [.warning(SourceLocation(file: source.path), "not a chat export Confab reads; skipped")])
    }
}

/// The two Twitter-chat transcript layouts (`TranscriptReader`), on the registry.
enum TranscriptFormatReader: FormatReader {
    static let format = SourceFormat.participate

    static func confidence(_ source: Source, settings _: ReadSettings) -> Int {
        guard source.kind == .file, let file = source.files.first else { return 0 }
        // The `#tag Archive` title on the first line that is not blank.
        var rest = file.text[...]
        while !rest.isEmpty {
            let end = rest.firstIndex { $0 == "\n" || $0 == "\r" || $0 == "\r\n" } ?? rest.endIndex
            let line = rest[..<end]
            if !TranscriptReader.isBlank(line) { return TranscriptReader.isArchiveTitle(TranscriptReader.trimmed(line)) ? 90 : 0 }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return 0
    }

    static func read(_ source: Source, settings _: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        guard source.kind == .file, let file = source.files.first else { return ([], []) }
        let (transcript, diagnostics) = TranscriptReader.read(file)
        return (transcript.map { [.transcript($0)] } ?? [], diagnostics)
    }
}

/// Helpers the JSON-based readers share.
enum JSONSource {
    /// The first non-blank character of a text, cheaply: `{` or `[` for JSON.
    static func opening(_ text: String) -> Character? {
        text.first { !$0.isWhitespace && $0 != "\u{FEFF}" }
    }

    /// The first `limit` bytes, for sniffing keys without parsing.
    static func head(_ text: String, limit: Int = 8192) -> Substring {
        let utf8 = text.utf8
        let end = utf8.index(utf8.startIndex, offsetBy: min(limit, utf8.count))
        return Substring(text.utf8[..<end])
    }

    /// The parsed JSON, or a diagnostic naming the file (and, where the parser says, the place).
    static func parse(_ file: SourceFile) -> (Any?, Diagnostic?) {
        do {
            return (try JSONSerialization.jsonObject(with: Data(file.text.utf8), options: [.fragmentsAllowed]), nil)
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error.localizedDescription)"
            return (nil, .warning(SourceLocation(file: file.path), "invalid JSON (\(reason)); skipped"))
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let number as NSNumber: number.intValue
        case let string as String: Int(string)
        default: nil
        }
    }

    static func bool(_ value: Any?) -> Bool { (value as? Bool) ?? (value as? NSNumber)?.boolValue ?? false }
}

/// Where keys' values are in a JSON text, for diagnostics and messages' lines: JSON
/// parsers keep no positions, and a warning that names its line can be acted on.
enum JSONLines {
    enum Occurrence { case first, last }

    /// The line of each value of `"key": "value"` or `"key": 123`, its first or last
    /// occurrence (Slack repeats a reply's `ts` in its thread's list before the reply itself).
    static func lines(ofKey key: String, in text: String, keeping occurrence: Occurrence = .last) -> [String: Int] {
        var lines: [String: Int] = [:]
        let pattern = Array("\"\(key)\"".utf8)
        let bytes = Array(text.utf8)
        var line = 1, index = 0
        func skipBlanks(_ cursor: inout Int) {
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1; index += 1; continue }
            guard byte == pattern[0], index + pattern.count <= bytes.count, bytes[index..<index + pattern.count].elementsEqual(pattern) else {
                index += 1
                continue
            }
            var cursor = index + pattern.count
            skipBlanks(&cursor)
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { index += 1; continue }
            cursor += 1
            skipBlanks(&cursor)
            let quoted = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "\"")
            let start = quoted ? cursor + 1 : cursor
            var end = start
            if quoted {
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != 0x0A { end += 1 }
            } else {
                while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || bytes[end] == UInt8(ascii: "-") { end += 1 }
            }
            if end > start || quoted {
                let value = String(decoding: bytes[start..<end], as: UTF8.self)
                if occurrence == .last || lines[value] == nil { lines[value] = line }
            }
            index = max(end, index + 1)
        }
        return lines
    }
}
