import Foundation

/// Turns transcript files into `RawTranscript`s, choosing the reader by content.
public enum TranscriptReader {
    /// Reads every file as a transcript; a file that is not one Confab knows becomes a
    /// diagnostic and the others go on. Copies of a file are read once.
    public static func read(_ files: [SourceFile]) -> (transcripts: [RawTranscript], diagnostics: [Diagnostic]) {
        let sources = files.map(Source.init)
        let readings = Parallel.map(sources) { source in
            SourceReader.reading(source) { chats in chats.compactMap { if case .transcript(let raw) = $0 { raw } else { nil } } }
        }
        let (transcripts, diagnostics) = SourceReader.withoutCopies(readings, of: sources)
        return (transcripts.flatMap { $0 }, diagnostics)
    }

    public static func read(_ file: SourceFile) -> (RawTranscript?, [Diagnostic]) {
        read(file, lines: numberedLines(file.text))
    }

    /// `lines`: the file's `numberedLines`.
    static func read(_ file: SourceFile, lines: [NumberedLine]) -> (RawTranscript?, [Diagnostic]) {
        let location = SourceLocation(file: file.path)
        guard let title = lines.first(where: { !isBlank($0.text) }) else {
            return (nil, [.warning(location, "empty file; skipped")])
        }
        let titleLocation = SourceLocation(file: file.path, line: title.number)
        guard isArchiveTitle(title.text) else {
            return (nil, [.warning(titleLocation, "not a transcript in a format Confab reads (expected a '#tag Archive' title); skipped")])
        }
        guard let format = detect(lines) else {
            return (nil, [.warning(titleLocation, "no date line such as 'Monday March 5, 2018' and its time after the title; skipped")])
        }
        guard let (header, bodyStart) = readHeader(lines, timeOnNextLine: format == .participate) else {
            return (nil, [.warning(titleLocation, "\(format.rawValue) transcript without a date and time line after its title; skipped")])
        }
        let body = lines[bodyStart...]
        let (messages, diagnostics) = format == .participate
            ? ParticipateReader.messages(body, file: file.path) : PlainReader.messages(body)
        guard !messages.isEmpty else {
            return (nil, diagnostics + [.warning(SourceLocation(file: file.path, line: header.dateLine), "no messages after the date line; skipped")])
        }
        return (RawTranscript(file: file.path, format: format, header: header, messages: messages), diagnostics)
    }

    /// A transcript starts with a `#tag Archive` title; bullets with times mean `participate`,
    /// a date line that carries its time means `plain`.
    static func detect(_ lines: [NumberedLine]) -> SourceFormat? {
        guard let title = lines.first(where: { !isBlank($0.text) }), isArchiveTitle(title.text) else { return nil }
        if lines.contains(where: { ParticipateReader.bullet($0.text)?.timestamp != nil }) { return .participate }
        // The same header the plain reader will read: a date line that carries its time.
        if readHeader(lines, timeOnNextLine: false) != nil { return .plain }
        // A participate header with no messages after it, reported as such.
        return readHeader(lines, timeOnNextLine: true) != nil ? .participate : nil
    }

    static func isArchiveTitle(_ text: Substring) -> Bool {
        let words = text.split(separator: " ")
        return words.count >= 2 && hashtag(words[0]) != nil && words.last! == "Archive"
    }

    /// `#BadgeChat` from the title's first word: `#` and what a hashtag in a message
    /// would take (`TextEntities.isWordScalar`); anything after (`#chat<b>`) is not the tag.
    static func hashtag(_ word: Substring) -> String? {
        guard word.hasPrefix("#") else { return nil }
        var tag = String.UnicodeScalarView()
        tag.append(contentsOf: word.unicodeScalars.dropFirst().prefix(while: TextEntities.isWordScalar))
        return tag.isEmpty ? nil : "#" + String(tag)
    }

    /// Title, description, date and time; returns the header and where the messages start.
    static func readHeader(_ lines: [NumberedLine], timeOnNextLine: Bool) -> (RawHeader, Int)? {
        guard let titleIndex = lines.firstIndex(where: { !isBlank($0.text) }) else { return nil }
        let title = lines[titleIndex].text.trimmingCharacters(in: .whitespaces)
        var description: [String] = []
        var index = titleIndex + 1
        while index < lines.count {
            let text = lines[index].text
            if let (date, time) = splitDateLine(text) {
                var timeText = time
                var next = index + 1
                if timeText.isEmpty && timeOnNextLine {
                    while next < lines.count, isBlank(lines[next].text) { next += 1 }
                    guard next < lines.count else { return nil }
                    timeText = lines[next].text.trimmingCharacters(in: .whitespaces)
                    next += 1
                }
                guard !timeText.isEmpty else { return nil }
                let hashtag = title.split(separator: " ").first.flatMap(hashtag)
                let header = RawHeader(
                    title: title, hashtag: hashtag,
                    description: description.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                    dateText: date, timeText: timeText, dateLine: lines[index].number
                )
                return (header, next)
            }
            if ParticipateReader.bullet(text) != nil { return nil }
            description.append(text.trimmingCharacters(in: .whitespaces))
            index += 1
        }
        return nil
    }

    /// `Monday March 5, 2018` or `Monday October 3, 2016 6:30 PM EDT`: the date part
    /// and whatever follows the year (empty when the line holds only the date).
    static func splitDateLine(_ text: Substring) -> (date: String, time: String)? {
        let words = text.split(separator: " ")
        guard words.count >= 4,
              words[0].hasSuffix("day"), words[0].first?.isUppercase == true,
              DateText.month(named: words[1]) != nil,
              words[2].hasSuffix(","), Int(words[2].dropLast()) != nil,
              words[3].count == 4, Int(words[3]) != nil
        else { return nil }
        return (words[0...3].joined(separator: " "), words[4...].joined(separator: " "))
    }

    /// Lines end at `\n`, `\r\n` or (old Mac files) `\r` alone. Found in the bytes: a line end
    /// is always a character of its own, so every cut falls between characters.
    static func numberedLines(_ text: String) -> [NumberedLine] {
        var lines: [NumberedLine] = []
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var index = lineStart
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                utf8.formIndex(after: &index)
                continue
            }
            lines.append(NumberedLine(number: lines.count + 1, text: text[lineStart..<index]))
            utf8.formIndex(after: &index)
            if byte == 0x0D, index < utf8.endIndex, utf8[index] == 0x0A { utf8.formIndex(after: &index) }
            lineStart = index
        }
        lines.append(NumberedLine(number: lines.count + 1, text: text[lineStart...]))
        return lines
    }

    /// `text.split(separator: " ")`. ASCII text is split in its bytes, each a character of its own
    /// (a line holds no `\r\n`); elsewhere a space may carry a combining mark and not separate.
    static func words(_ text: Substring) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: " ") }
        var words: [Substring] = []
        let utf8 = text.utf8
        var wordStart = utf8.startIndex
        var index = wordStart
        while index < utf8.endIndex {
            if utf8[index] == 0x20 {
                if wordStart < index { words.append(text[wordStart..<index]) }
                utf8.formIndex(after: &index)
                wordStart = index
            } else {
                utf8.formIndex(after: &index)
            }
        }
        if wordStart < index { words.append(text[wordStart..<index]) }
        return words
    }

    /// Only spaces and tabs (a space carrying a combining mark is not blank).
    static func isBlank(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `trimmingCharacters(in: .whitespaces)` (`.whitespacesAndNewlines` with `newlines`), scalar
    /// by scalar as Foundation does, without its trip through UTF-16; ASCII needs no set look-up.
    static func trimmed(_ text: Substring, newlines: Bool = false) -> Substring {
        let set: CharacterSet = newlines ? .whitespacesAndNewlines : .whitespaces
        func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
            guard scalar.isASCII else { return set.contains(scalar) }
            return scalar == " " || scalar == "\t" || (newlines && (0x0A...0x0D).contains(scalar.value))
        }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { scalars.formIndex(after: &start) }
        while start < end, isTrimmed(scalars[scalars.index(before: end)]) { scalars.formIndex(before: &end) }
        return Substring(scalars[start..<end])
    }
}

/// Month names as the transcripts write them, independent of the machine's locale.
enum DateText {
    static let months = ["january", "february", "march", "april", "may", "june", "july",
                         "august", "september", "october", "november", "december"]

    /// `March`, `Mar`, `mar` → 3.
    static func month<S: StringProtocol>(named name: S) -> Int? {
        let lower = name.lowercased()
        guard lower.count >= 3 else { return nil }
        if let index = months.firstIndex(of: lower) { return index + 1 }
        if lower.count == 3, let index = months.firstIndex(where: { $0.hasPrefix(lower) }) { return index + 1 }
        return nil
    }
}

