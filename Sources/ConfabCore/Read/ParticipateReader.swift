import Foundation

/// Reads the body of a *participate* transcript:
///
///     ␣␣• SenorG - Moderator Mar 5 @ 6:39 PM EST
///     ␣␣␣␣This is HUGE! …
///     ␣␣␣␣In reply to @Kyle_Clements1
///     ␣␣␣␣• Kyle_Clements1 Mar 5 @ 6:37 PM EST      (a quoted message)
///     ␣␣␣␣␣␣A1: Walk through the workflow …
enum ParticipateReader {
    struct Bullet: Equatable {
        var indent: Int
        /// Nil for a bare `•`.
        var author: String?
        var role: String?
        /// `Mar 5 @ 6:31 PM EST`; nil when the line's time cannot be read.
        var timestamp: String?
    }

    static func messages(_ lines: ArraySlice<NumberedLine>, file: String) -> ([RawMessage], [Diagnostic]) {
        var messages: [RawMessage] = []
        var diagnostics: [Diagnostic] = []
        // The message being read, and the quote inside it being read.
        var current: RawMessage?
        var quote: RawMessage?

        func finishQuote() {
            if let done = quote { current?.quotes.append(done) }
            quote = nil
        }
        func finishMessage() {
            finishQuote()
            if let done = current { messages.append(done) }
            current = nil
        }
        func warn(_ line: NumberedLine, _ message: String) {
            diagnostics.append(.warning(SourceLocation(file: file, line: line.number), message))
        }

        for position in lines.indices {
            let line = lines[position]
            let text = line.text
            if TranscriptReader.isBlank(text) { continue }
            let indent = indentation(text)
            if let bullet = bullet(text), bullet.timestamp != nil || bullet.indent <= 2
                || opensQuote(after: position, in: lines) {
                let message = RawMessage(line: line.number, author: bullet.author, role: bullet.role, timestamp: bullet.timestamp)
                let isQuote = bullet.indent > 2 && current != nil
                if isQuote {
                    finishQuote()
                    quote = message
                } else {
                    finishMessage()
                    current = message
                }
                if bullet.author == nil {
                    warn(line, bullet.timestamp == nil ? "message line has no author or time; its text is kept without them"
                                                       : "message line has no author; its text is kept without one")
                } else if bullet.timestamp == nil {
                    warn(line, isQuote ? "quoted message has no time; kept without one"
                                       : "message line has no readable time; the previous message's time is used")
                }
                continue
            }
            guard current != nil else {
                warn(line, "text before the first message; ignored")
                continue
            }
            let content = String(text.dropFirst(indent))
            // Text indented deeper than the message's own text belongs to its quote.
            let intoQuote = quote != nil && indent >= 6
            if !intoQuote { finishQuote() }
            if let handles = replyHandles(content) {
                if intoQuote { quote!.replyTo += handles } else { current!.replyTo += handles }
            } else if intoQuote {
                quote!.textLines.append(content)
            } else {
                current!.textLines.append(content)
            }
        }
        finishMessage()
        return (messages, diagnostics)
    }

    /// A message line, `  • Handle - Role Mon D @ H:MM PM ZONE`, read from its end since
    /// a role may contain spaces. Any line that opens with `•` is a message; when its
    /// time cannot be read (truncated, or garbled by the exporter) `timestamp` is nil.
    static func bullet(_ text: Substring) -> Bullet? {
        let indent = indentation(text)
        let rest = text.dropFirst(indent)
        // Most lines are message text: turned away on their first bytes, without reading characters.
        guard rest.utf8.starts(with: "•".utf8), rest.hasPrefix("• ") || rest == "•" else { return nil }
        let words = TranscriptReader.words(rest.dropFirst(1))
        guard !words.isEmpty else { return Bullet(indent: indent, author: nil, role: nil, timestamp: nil) }
        let (who, timestamp) = splitTimestamp(words)
        guard let firstWord = who.first else { return Bullet(indent: indent, author: nil, role: nil, timestamp: timestamp) }
        var author = String(firstWord)
        var role: String?
        if let dash = who.firstIndex(of: "-"), dash > who.startIndex {
            author = who[..<dash].joined(separator: " ")
            let roleWords = who[(dash + 1)...]
            role = roleWords.isEmpty ? nil : roleWords.joined(separator: " ")
        } else if who.count > 1 {
            author = who.joined(separator: " ")
        }
        return Bullet(indent: indent, author: author, role: role, timestamp: timestamp)
    }

    /// A `•` line nested in a message's text is a quote only if quote text (indented
    /// six spaces) follows it; otherwise it is the author's own bullet list.
    static func opensQuote(after position: Int, in lines: ArraySlice<NumberedLine>) -> Bool {
        guard let next = lines[(position + 1)...].first(where: { !TranscriptReader.isBlank($0.text) }) else { return false }
        return indentation(next.text) >= 6
    }

    /// Leading spaces: the layout's only structure.
    static func indentation(_ text: Substring) -> Int {
        let spaces = text.utf8.prefix { $0 == 0x20 }.count
        // A space followed by ASCII (or nothing) is a character of its own; a non-ASCII scalar
        // may join the last space (a combining mark), so count characters then.
        if let next = text.utf8.dropFirst(spaces).first, next >= 0x80 { return text.prefix { $0 == " " }.count }
        return spaces
    }

    /// Splits `… Mar 5 @ 6:31 PM EST` (zone optional) off the end of a message line.
    static func splitTimestamp(_ words: [Substring]) -> (who: ArraySlice<Substring>, timestamp: String?) {
        var end = words.count
        // A zone: one to five capitals A to Z, so its bytes are its characters.
        if let last = words.last, last != "AM", last != "PM", (1...5).contains(last.utf8.count),
           last.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) {
            end -= 1
        }
        guard end >= 5 else { return (words[...], nil) }
        let meridiem = words[end - 1], clock = words[end - 2], at = words[end - 3]
        let day = words[end - 4], month = words[end - 5]
        guard meridiem == "AM" || meridiem == "PM", containsColon(clock), at == "@",
              Int(day) != nil, DateText.month(named: month) != nil
        else {
            // Keep whatever precedes an `@` as the author part, so a truncated line keeps its author.
            let cut = words.firstIndex(of: "@").map { max($0 - 2, 1) } ?? words.count
            return (words[..<min(cut, words.count)], nil)
        }
        return (words[..<(end - 5)], words[(end - 5)...].joined(separator: " "))
    }

    /// `word.contains(":")`, which Foundation answers through UTF-16: ASCII words are answered in their bytes.
    static func containsColon(_ word: Substring) -> Bool {
        guard word.utf8.contains(0x3A) else { return false }
        return word.utf8.allSatisfy { $0 < 0x80 } || word.contains(":")
    }

    /// `In reply to @a, @b` → `["a", "b"]`.
    static func replyHandles(_ line: String) -> [String]? {
        let prefix = "In reply to "
        guard line.hasPrefix(prefix) else { return nil }
        let handles = line.dropFirst(prefix.count).split(separator: ",").map { String(TranscriptReader.trimmed($0)) }
        guard !handles.isEmpty, handles.allSatisfy({ $0.hasPrefix("@") && $0.count > 1 }) else { return nil }
        return handles.map { String($0.dropFirst()) }
    }
}
