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
        var author: String
        var role: String?
        var timestamp: String
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

        for line in lines {
            let text = line.text
            if TranscriptReader.isBlank(text) { continue }
            let indent = text.prefix { $0 == " " }.count
            if let bullet = bullet(text) {
                let message = RawMessage(line: line.number, author: bullet.author, role: bullet.role, timestamp: bullet.timestamp)
                if bullet.indent <= 2 || current == nil {
                    finishMessage()
                    current = message
                } else {
                    finishQuote()
                    quote = message
                }
                continue
            }
            guard current != nil else {
                diagnostics.append(.warning(SourceLocation(file: file, line: line.number), "text before the first message; ignored"))
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

    /// Parses `  • Handle - Role Mon D @ H:MM PM ZONE` from its end, since a
    /// handle or role never contains `@` but may contain spaces in the role.
    static func bullet(_ text: Substring) -> Bullet? {
        let indent = text.prefix { $0 == " " }.count
        let rest = text.dropFirst(indent)
        guard rest.hasPrefix("• ") else { return nil }
        let words = rest.dropFirst(2).split(separator: " ")
        guard words.count >= 7 else { return nil }
        let n = words.count
        let zone = words[n - 1], meridiem = words[n - 2], clock = words[n - 3], at = words[n - 4]
        let day = words[n - 5], month = words[n - 6]
        guard zone.allSatisfy({ $0.isLetter && $0.isUppercase }), meridiem == "AM" || meridiem == "PM",
              clock.contains(":"), at == "@", Int(day) != nil, DateText.month(named: month) != nil
        else { return nil }
        let who = words[..<(n - 6)]
        var author = String(who.first!)
        var role: String?
        if who.count >= 3, who[who.startIndex + 1] == "-" {
            role = who.dropFirst(2).joined(separator: " ")
        } else if who.count > 1 {
            author = who.joined(separator: " ")
        }
        return Bullet(indent: indent, author: author, role: role, timestamp: words[(n - 6)...].joined(separator: " "))
    }

    /// `In reply to @a, @b` → `["a", "b"]`.
    static func replyHandles(_ line: String) -> [String]? {
        let prefix = "In reply to "
        guard line.hasPrefix(prefix) else { return nil }
        let handles = line.dropFirst(prefix.count).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !handles.isEmpty, handles.allSatisfy({ $0.hasPrefix("@") && $0.count > 1 }) else { return nil }
        return handles.map { String($0.dropFirst()) }
    }
}
