import Foundation

/// Reads the body of a *plain* transcript: every non-blank line is one message,
/// with no author and no time.
enum PlainReader {
    static func messages(_ lines: ArraySlice<NumberedLine>) -> ([RawMessage], [Diagnostic]) {
        let messages = lines.compactMap { line -> RawMessage? in
            let text = TranscriptReader.trimmed(line.text)
            return text.isEmpty ? nil : RawMessage(line: line.number, textLines: [String(text)])
        }
        return (messages, [])
    }
}
