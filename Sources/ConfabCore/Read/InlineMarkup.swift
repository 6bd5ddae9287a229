/// Style markers written into a message's text (`*bold*`, `` `code` ``, ```` ``` ```` blocks,
/// `>` quotes) taken out of it and made style marks, for the formats whose exports keep
/// the markup as the person typed it. Each reader resolves its own tokens (mentions,
/// links, emoji) first and says how its platform writes styles in a `Dialect`; the rules
/// here are the part they share, and they are conservative: a marker that does not close,
/// or one inside a word (`2*3*4`, `my_file_name`), stays text. Only markers are removed;
/// marked spans (mentions, links) and bare web addresses are never looked into.
enum InlineMarkup {
    struct Dialect: Sendable {
        /// What a run of a marker character means by its length: `*` → [1: italic, 2: bold].
        /// A run of another length is text.
        var delimiters: [Unicode.Scalar: [Int: [TextStyle.Kind]]]
        /// Inline code must stand apart from words too (Slack's `` a`b`c `` is text).
        var codeNeedsBoundary = false
        /// `` ` code ` ``: one space inside each end is padding (CommonMark).
        var codeSpacePadding = true
        enum Fences: Sendable {
            /// Slack, Discord: ```` ``` ```` opens and closes anywhere, also in a line.
            case anywhere
            /// CommonMark: a line of three or more backticks or tildes, closed by such a line.
            case lines
            /// Not read: the fences stay text.
            case none
        }
        var fences: Fences = .anywhere
        /// A fence's first line may name the language (```` ```swift ````), which is a marker too.
        var fenceLanguage = true
        var quotes = true
        /// `> quote` needs the space after `>` (Discord).
        var quoteNeedsSpace = false
        /// Up to three spaces may come before `>` (CommonMark, Discord).
        var quoteIndent = true
        /// `>>>` quotes everything after it (Slack, Discord).
        var quoteRest = false
        /// `\*` is a star, not a marker (Markdown).
        var escapes = true
        /// Only these kinds are read; other markers stay text (Matrix: what the HTML shows).
        var kinds: Set<TextStyle.Kind>? = nil

        func allows(_ kind: TextStyle.Kind) -> Bool { kinds?.contains(kind) ?? true }
    }

    /// The text without its style markers, its marks moved to match, and a style mark for each.
    static func apply(_ text: MarkedText, _ dialect: Dialect) -> MarkedText {
        // Most messages have no marker at all: given back as they are.
        let markers = [UInt8(ascii: "`"), UInt8(ascii: ">"), UInt8(ascii: "\\")] + dialect.delimiters.keys.compactMap { UInt8(exactly: $0.value) }
        guard text.text.utf8.contains(where: markers.contains) else { return text }
        var parser = Parser(text, dialect)
        parser.parse()
        return parser.result()
    }

    private struct Parser {
        let dialect: Dialect
        let original: MarkedText
        let scalars: [Unicode.Scalar]
        /// Each scalar's UTF-8 offset, and the text's length at the end.
        let offsets: [Int]
        /// Scalars inside marks (mentions, links) and bare web addresses: never markers.
        var opaque: [Bool]
        var removed: [Bool]
        /// Found styles, as scalar index ranges of the original text.
        var styles: [(TextStyle.Kind, Range<Int>)] = []
        /// Each line's scalar range, line breaks left out.
        let lines: [Range<Int>]

        init(_ text: MarkedText, _ dialect: Dialect) {
            self.dialect = dialect
            original = text
            scalars = Array(text.text.unicodeScalars)
            var offsets: [Int] = [], offset = 0
            offsets.reserveCapacity(scalars.count + 1)
            for scalar in scalars {
                offsets.append(offset)
                offset += UTF8.width(scalar)
            }
            offsets.append(offset)
            self.offsets = offsets
            removed = Array(repeating: false, count: scalars.count)
            opaque = Array(repeating: false, count: scalars.count)
            var lines: [Range<Int>] = [], start = 0
            for (index, scalar) in scalars.enumerated() where scalar == "\n" {
                lines.append(start..<index)
                start = index + 1
            }
            lines.append(start..<scalars.count)
            self.lines = lines
            for mark in text.marks {
                let low = index(ofOffset: mark.range.lowerBound), high = index(ofOffset: mark.range.upperBound)
                if low < high { for i in low..<high { opaque[i] = true } }
            }
            // Bare web addresses (`https://x.com/a_b_`), but not a style marker they end in.
            var i = 0
            while i < scalars.count {
                let scalar = scalars[i]
                if scalar == "h" || scalar == "H", i == 0 || !TextEntities.isWordScalar(scalars[i - 1]) && scalars[i - 1] != "&",
                   var end = TextEntities.urlEnd(scalars, from: i) {
                    while end > i + 8, dialect.delimiters[scalars[end - 1]] != nil { end -= 1 }
                    for j in i..<end { opaque[j] = true }
                    i = end
                    continue
                }
                i += 1
            }
        }

        /// The scalar index at a UTF-8 offset (the next one, for an offset inside a scalar).
        func index(ofOffset offset: Int) -> Int {
            var low = 0, high = offsets.count - 1
            while low < high {
                let middle = (low + high) / 2
                if offsets[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }

        func scalar(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

        mutating func remove(_ range: Range<Int>) { for i in range where i < removed.count { removed[i] = true } }

        mutating func style(_ kind: TextStyle.Kind, _ range: Range<Int>) {
            if !range.isEmpty, dialect.allows(kind) { styles.append((kind, range)) }
        }

        // MARK: Blocks

        /// The length of the quote marker opening the line (`> `), and whether it is `>>>`.
        func quotePrefix(_ line: Range<Int>) -> (length: Int, rest: Bool)? {
            var i = line.lowerBound
            if dialect.quoteIndent { while i < line.upperBound, i - line.lowerBound < 3, scalars[i] == " " { i += 1 } }
            guard i < line.upperBound, scalars[i] == ">", !opaque[i] else { return nil }
            if dialect.quoteRest, i + 2 < line.upperBound, scalars[i + 1] == ">", scalars[i + 2] == ">" {
                let after = i + 3
                if after == line.upperBound || scalars[after] == " " {
                    return (after - line.lowerBound + (after < line.upperBound ? 1 : 0), true)
                }
                if !dialect.quoteNeedsSpace { return (after - line.lowerBound, true) }
            }
            let after = i + 1
            if after < line.upperBound, scalars[after] == " " { return (after + 1 - line.lowerBound, false) }
            if dialect.quoteNeedsSpace { return nil }
            return (after - line.lowerBound, false)
        }

        /// Lines, quotes and code blocks; what is left is read for inline styles.
        mutating func parse() {
            var line = 0
            var quoteStart: Int?, quoteEnd = 0
            var restQuoted = false
            while line < lines.count {
                var content = lines[line]
                var quoted = restQuoted
                if dialect.quotes, dialect.allows(.quote), !restQuoted, let prefix = quotePrefix(content) {
                    remove(content.lowerBound..<content.lowerBound + prefix.length)
                    content = content.lowerBound + prefix.length..<content.upperBound
                    quoted = true
                    restQuoted = prefix.rest
                }
                if quoted {
                    if quoteStart == nil { quoteStart = content.lowerBound }
                    quoteEnd = content.upperBound
                } else if let start = quoteStart {
                    style(.quote, start..<quoteEnd)
                    quoteStart = nil
                }
                // Code blocks that open on this line; a quoted one may go on only in the quote.
                var position = content.lowerBound
                while true {
                    guard let block = codeBlock(openingIn: position..<content.upperBound, line: line, lineStart: content.lowerBound,
                                                quoted: quoted && !restQuoted) else {
                        inline(position..<content.upperBound)
                        break
                    }
                    inline(position..<block.open.lowerBound)
                    remove(block.open)
                    remove(block.close)
                    style(.pre, block.content)
                    if block.line > line {
                        line = block.line
                        if quoted { quoteEnd = lines[line].upperBound }
                        content = lines[line]
                    }
                    position = block.close.upperBound
                    guard position <= content.upperBound else { break }
                }
                line += 1
            }
            if let start = quoteStart { style(.quote, start..<quoteEnd) }
        }

        /// The content range of `line` inside a quote (after its marker), nil when it is not quoted.
        func quotedContent(_ line: Int) -> Range<Int>? {
            guard let prefix = quotePrefix(lines[line]), !prefix.rest else { return nil }
            return lines[line].lowerBound + prefix.length..<lines[line].upperBound
        }

        struct CodeBlock {
            /// The opening marker (with its language and line break), the code, the closing marker.
            var open: Range<Int>
            var content: Range<Int>
            var close: Range<Int>
            /// The line the closing marker is on.
            var line: Int
        }

        /// A code block whose opening fence is in `range` (of line `line`), when it closes.
        /// In a quote, the lines it runs over must be quoted too; their markers are removed here.
        mutating func codeBlock(openingIn range: Range<Int>, line: Int, lineStart: Int, quoted: Bool) -> CodeBlock? {
            guard dialect.allows(.pre) else { return nil }
            return switch dialect.fences {
            case .anywhere: anywhereBlock(range, line: line, quoted: quoted)
            case .lines: range.lowerBound == lineStart ? lineBlock(range, line: line, quoted: quoted) : nil
            case .none: nil
            }
        }

        /// Where a run of three backticks starts in `range`, outside marks.
        func fence(in range: Range<Int>) -> Int? {
            var i = range.lowerBound
            while i + 3 <= range.upperBound {
                if scalars[i] == "`", scalars[i + 1] == "`", scalars[i + 2] == "`", !opaque[i], !opaque[i + 1], !opaque[i + 2] { return i }
                i += 1
            }
            return nil
        }

        /// Slack's and Discord's ```` ```code``` ````: from three backticks to the next three.
        mutating func anywhereBlock(_ range: Range<Int>, line: Int, quoted: Bool) -> CodeBlock? {
            guard let open = fence(in: range) else { return nil }
            var contentStart = open + 3
            let lineEnd = lines[line].upperBound
            // ```` ```swift ```` alone on its line names the language.
            if dialect.fenceLanguage, line + 1 < lines.count {
                let word = scalars[contentStart..<lineEnd]
                if !word.isEmpty, word.count <= 30, word.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_+-.#".unicodeScalars.contains($0)) }) {
                    contentStart = lineEnd
                }
            }
            // The line break after the opening marker is the marker's.
            var firstLine = line
            if contentStart == lineEnd, line + 1 < lines.count {
                firstLine = line + 1
                guard let next = quoted ? quotedContent(firstLine) : lines[firstLine] else { return nil }
                contentStart = next.lowerBound
            }
            // The closing marker: on the same line, or a later one (quoted, in a quote).
            var searchLine = firstLine
            var from = contentStart
            while true {
                let content = searchLine == firstLine ? from..<lines[searchLine].upperBound : (quoted ? quotedContent(searchLine) : lines[searchLine])
                guard let content else { return nil }
                if searchLine == firstLine { from = content.lowerBound }
                if let close = fence(in: content.lowerBound..<content.upperBound) {
                    // The line break before a closing marker alone at a line's start is the marker's too.
                    var end = close
                    if close == content.lowerBound, searchLine > firstLine { end = lines[searchLine - 1].upperBound }
                    guard end > contentStart, scalars[contentStart..<end].contains(where: { $0 != "\n" && $0 != " " }) else { return nil }
                    if quoted, searchLine > firstLine {
                        for between in (firstLine + 1)...searchLine {
                            if let prefix = quotePrefix(lines[between]) { remove(lines[between].lowerBound..<lines[between].lowerBound + prefix.length) }
                        }
                    }
                    if quoted, firstLine > line, let prefix = quotePrefix(lines[firstLine]) {
                        remove(lines[firstLine].lowerBound..<lines[firstLine].lowerBound + prefix.length)
                    }
                    return CodeBlock(open: open..<contentStart, content: contentStart..<end, close: end..<close + 3, line: searchLine)
                }
                searchLine += 1
                guard searchLine < lines.count else { return nil }
            }
        }

        /// CommonMark's fenced block: a line of ```` ``` ```` or `~~~` (and its info string),
        /// the code's lines, and a line of at least as many of the same character.
        mutating func lineBlock(_ range: Range<Int>, line: Int, quoted: Bool) -> CodeBlock? {
            var i = range.lowerBound
            while i < range.upperBound, i - range.lowerBound < 3, scalars[i] == " " { i += 1 }
            guard i < range.upperBound, scalars[i] == "`" || scalars[i] == "~", !opaque[i] else { return nil }
            let marker = scalars[i]
            var run = 0
            while i + run < range.upperBound, scalars[i + run] == marker { run += 1 }
            guard run >= 3 else { return nil }
            if marker == "`", scalars[(i + run)..<range.upperBound].contains("`") { return nil }
            func isClosing(_ content: Range<Int>) -> Bool {
                var j = content.lowerBound
                while j < content.upperBound, j - content.lowerBound < 3, scalars[j] == " " { j += 1 }
                var count = 0
                while j < content.upperBound, scalars[j] == marker { count += 1; j += 1 }
                return count >= run && scalars[j..<content.upperBound].allSatisfy { $0 == " " || $0 == "\t" }
            }
            var closing = line + 1
            while closing < lines.count {
                guard let content = quoted ? quotedContent(closing) : lines[closing] else { return nil }
                if isClosing(content) { break }
                closing += 1
            }
            guard closing < lines.count, closing > line + 1 else { return nil }
            guard let first = quoted ? quotedContent(line + 1) : lines[line + 1] else { return nil }
            let last = lines[closing - 1].upperBound
            guard first.lowerBound < last else { return nil }
            if quoted {
                for between in (line + 1)...closing {
                    if let prefix = quotePrefix(lines[between]) { remove(lines[between].lowerBound..<lines[between].lowerBound + prefix.length) }
                }
            }
            return CodeBlock(open: range.lowerBound..<first.lowerBound, content: first.lowerBound..<last,
                             close: last..<lines[closing].upperBound, line: closing)
        }

        // MARK: Inline

        struct Run {
            var scalar: Unicode.Scalar
            var start: Int
            var length: Int
            var canOpen: Bool
            var canClose: Bool
        }

        static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }
        /// A letter or digit: a marker next to one is inside a word.
        static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { scalar != "_" && TextEntities.isWordScalar(scalar) }

        /// Code spans, then emphasis in what is left, within one line's piece.
        mutating func inline(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            var runs: [Run] = []
            var i = range.lowerBound
            while i < range.upperBound {
                guard !opaque[i] else { i += 1; continue }
                let scalar = scalars[i]
                if dialect.escapes, scalar == "\\", i + 1 < range.upperBound, !opaque[i + 1],
                   scalars[i + 1] == "\\" || scalars[i + 1] == "`" || dialect.delimiters[scalars[i + 1]] != nil {
                    removed[i] = true
                    i += 2
                    continue
                }
                guard scalar == "`" || dialect.delimiters[scalar] != nil else { i += 1; continue }
                var length = 1
                while i + length < range.upperBound, scalars[i + length] == scalar, !opaque[i + length] { length += 1 }
                if scalar == "`" {
                    i = codeSpan(at: i, length: length, in: range) ?? i + length
                    continue
                }
                if dialect.delimiters[scalar] != nil {
                    let before = i > range.lowerBound ? scalars[i - 1] : nil
                    let after = i + length < range.upperBound ? scalars[i + length] : nil
                    runs.append(Run(scalar: scalar, start: i, length: length,
                                    canOpen: after.map { !Self.isSpace($0) } ?? false && !(before.map(Self.isAlphanumeric) ?? false),
                                    canClose: before.map { !Self.isSpace($0) } ?? false && !(after.map(Self.isAlphanumeric) ?? false)))
                }
                i += length
            }
            emphasis(runs)
        }

        /// A code span opened by `length` backticks at `start`: where it ends, when it closes.
        mutating func codeSpan(at start: Int, length: Int, in range: Range<Int>) -> Int? {
            if dialect.codeNeedsBoundary, let before = scalar(start - 1), start > range.lowerBound, Self.isAlphanumeric(before) { return nil }
            var j = start + length
            while j < range.upperBound {
                guard scalars[j] == "`", !opaque[j] else { j += 1; continue }
                var run = 0
                while j + run < range.upperBound, scalars[j + run] == "`" { run += 1 }
                if run == length {
                    if dialect.codeNeedsBoundary, j + run < range.upperBound, Self.isAlphanumeric(scalars[j + run]) { return nil }
                    var content = start + length..<j
                    guard content.contains(where: { scalars[$0] != " " }) else { return nil }
                    if dialect.codeSpacePadding, scalars[content.lowerBound] == " ", scalars[content.upperBound - 1] == " " {
                        content = content.lowerBound + 1..<content.upperBound - 1
                    }
                    guard dialect.allows(.code) else { return nil }
                    remove(start..<content.lowerBound)
                    remove(content.upperBound..<j + run)
                    style(.code, content)
                    return j + run
                }
                j += run
            }
            return nil
        }

        /// Pairs runs of one character and length, innermost first; an opener left unpaired
        /// when a later pair encloses it stays text, so styles always nest.
        mutating func emphasis(_ runs: [Run]) {
            var openers: [Run] = []
            for run in runs {
                guard let kinds = dialect.delimiters[run.scalar]?[run.length], kinds.allSatisfy(dialect.allows) else { continue }
                if run.canClose, let match = openers.lastIndex(where: { $0.scalar == run.scalar && $0.length == run.length }) {
                    let opener = openers[match]
                    let content = opener.start + opener.length..<run.start
                    if !content.isEmpty {
                        remove(opener.start..<content.lowerBound)
                        remove(run.start..<run.start + run.length)
                        for kind in kinds { style(kind, content) }
                        openers.removeSubrange(match...)
                        continue
                    }
                }
                if run.canOpen { openers.append(run) }
            }
        }

        // MARK: Result

        func result() -> MarkedText {
            guard removed.contains(true) || !styles.isEmpty else { return original }
            // Each scalar's offset in the text without the removed ones.
            var moved: [Int] = []
            moved.reserveCapacity(scalars.count + 1)
            var text = String.UnicodeScalarView(), offset = 0
            for (i, scalar) in scalars.enumerated() {
                moved.append(offset)
                if !removed[i] {
                    text.append(scalar)
                    offset += UTF8.width(scalar)
                }
            }
            moved.append(offset)
            var marks = original.marks.map { mark in
                RawMark(mark.kind, range: moved[index(ofOffset: mark.range.lowerBound)]..<moved[index(ofOffset: mark.range.upperBound)])
            }
            for (kind, range) in styles {
                let start = moved[range.lowerBound], end = moved[range.upperBound]
                if start < end { marks.append(RawMark(.style(kind), range: start..<end)) }
            }
            return MarkedText(text: String(text), marks: marks)
        }
    }
}
