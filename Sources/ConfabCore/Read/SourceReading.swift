/// What reading one source gives: the key that finds copies of it, what was wrong with
/// it, and what the normalize stage made of its chats.
public struct SourceReading<Result> {
    var copyKey: SourceReader.CopyKey
    var result: Result?
    var diagnostics: [Diagnostic]
}

extension SourceReading: Sendable where Result: Sendable {}

/// Reads sources through the format registry, one job per source.
public enum SourceReader {
    /// Reads one source and hands its chats to `transform` (the normalize stage makes them
    /// sessions) in the same job, so a build never holds every source's raw messages.
    public static func reading<Result>(_ source: Source, settings: ReadSettings = ReadSettings(),
                                       each transform: ([RawChat]) -> Result) -> SourceReading<Result> {
        let (chats, diagnostics) = FormatRegistry.read(source, settings: settings)
        return SourceReading(copyKey: CopyKey(source), result: chats.isEmpty ? nil : transform(chats), diagnostics: diagnostics)
    }

    /// The sources' readings, in source order, but for copies: an export saved twice would
    /// publish the chat twice; the first source (in path order) stays. Copies are rare, so
    /// a copy is read like any source and its reading dropped here.
    public static func withoutCopies<Result>(_ readings: [SourceReading<Result>], of sources: [Source]) -> (results: [Result], diagnostics: [Diagnostic]) {
        var seen: [CopyKey: Int] = [:]
        var results: [Result] = [], diagnostics: [Diagnostic] = []
        for (index, reading) in readings.enumerated() {
            if let first = seen[reading.copyKey], CopyKey.text(sources[first]) == CopyKey.text(sources[index]) {
                diagnostics.append(.warning(SourceLocation(file: sources[index].path), "same text as \(sources[first].path); skipped"))
                continue
            }
            seen[reading.copyKey] = seen[reading.copyKey] ?? index
            results += reading.result.map { [$0] } ?? []
            diagnostics += reading.diagnostics
        }
        return (results, diagnostics)
    }

    /// What a file saved again by another program keeps: other line ends, a blank line
    /// more or less, spaces at line ends give the same key. A digest of that text (of each
    /// file, by its name inside the source), so the keys of a large archive are small;
    /// equal keys are confirmed on the texts.
    public struct CopyKey: Hashable, Sendable {
        var digest: Fingerprint

        init(_ source: Source) {
            digest = Fingerprint()
            guard source.kind == .file else {
                // An export's files as they are, digested one by one: no copy of all its text.
                for file in source.files { digest.add(source.name(of: file)); digest.add(file.text) }
                return
            }
            digest.add(Self.text(source))
        }

        init(digest: Fingerprint) { self.digest = digest }

        /// A transcript's text made blind to line ends and trailing spaces; an export's files
        /// as they are (export tools do not re-save them), by their names inside it.
        static func text(_ source: Source) -> String {
            if source.kind == .file, let file = source.files.first { return text(TranscriptReader.numberedLines(file.text)) }
            return source.files.map { source.name(of: $0) + "\n" + $0.text }.joined(separator: "\n\0")
        }

        static func text(_ lines: [NumberedLine]) -> String {
            String(TranscriptReader.trimmed(lines.map { TranscriptReader.trimmed($0.text) }.joined(separator: "\n")[...], newlines: true))
        }
    }
}
