import Foundation

/// Turns transcript files into `RawTranscript`s, choosing the reader by content.
public enum TranscriptReader {
    /// Reads every file; a file that is not a transcript Confab knows becomes a
    /// diagnostic and the others go on.
    public static func read(_ files: [SourceFile]) -> (transcripts: [RawTranscript], diagnostics: [Diagnostic]) {
        // An export saved twice would publish the chat twice; the first file (in path order) stays.
        var seen: [String: String] = [:]
        let copies: [(SourceFile, copyOf: String?)] = files.map { file in
            // Saved again by another program: other line ends, a blank line more or less.
            let key = numberedLines(file.text).map { $0.text.trimmingCharacters(in: .whitespaces) }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            defer { if seen[key] == nil { seen[key] = file.path } }
            return (file, seen[key])
        }
        // Files are independent: read them on every core, results in file order.
        let results = Parallel.map(copies) { file, copyOf -> (RawTranscript?, [Diagnostic]) in
            if let copyOf { return (nil, [.warning(SourceLocation(file: file.path), "same text as \(copyOf); skipped")]) }
            return Self.read(file)
        }
        return (results.compactMap(\.0), results.flatMap(\.1))
    }

    public static func read(_ file: SourceFile) -> (RawTranscript?, [Diagnostic]) {
        let lines = numberedLines(file.text)
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
        let (messages, diagnostics) = switch format {
        case .participate: ParticipateReader.messages(body, file: file.path)
        case .plain: PlainReader.messages(body)
        }
        guard !messages.isEmpty else {
            return (nil, diagnostics + [.warning(SourceLocation(file: file.path, line: header.dateLine), "no messages after the date line; skipped")])
        }
        return (RawTranscript(file: file.path, format: format, header: header, messages: messages), diagnostics)
    }

    /// A transcript starts with a `#tag Archive` title; bullets with times mean `participate`,
    /// a date line that carries its time means `plain`.
    static func detect(_ lines: [NumberedLine]) -> TranscriptFormat? {
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

    static func numberedLines(_ text: String) -> [NumberedLine] {
        var lines: [NumberedLine] = []
        var number = 0
        // `\r\n` is one Character in Swift; old Mac files end lines with `\r` alone.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            number += 1
            lines.append(NumberedLine(number: number, text: line))
        }
        return lines
    }

    static func isBlank(_ text: Substring) -> Bool {
        text.allSatisfy { $0 == " " || $0 == "\t" }
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
