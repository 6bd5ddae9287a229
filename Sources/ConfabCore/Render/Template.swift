/// A parsed Mustache template (https://mustache.github.io/mustache.5.html): variables,
/// sections, inverted sections, comments, partials, set delimiters, inheritance
/// (`{{<parent}}{{$block}}…{{/block}}{{/parent}}`) and swift-mustache's transforms
/// (`{{#empty(list)}}`, `{{^last()}}`). Whitespace follows swift-mustache, which the
/// theme was written for: a line holding only a section, comment, partial or block
/// tag leaves no trace in the output.
public struct Template: Sendable {
    var nodes: [TemplateNode]

    /// Parses `text`; a template that does not parse throws with the line it failed on.
    public init(_ text: String) throws(TemplateSyntaxError) {
        var parser = TemplateParser(Array(text.utf8))
        nodes = try parser.parseTemplate()
    }
}

public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var description: String { message }
}

/// A name as written in a tag: `session.href`, `.`, `.text`, `empty(answers)`.
struct TemplateName: Sendable {
    /// Components after splitting on dots; empty for `.` and for a bare transform like `last()`.
    var path: [String]
    /// Each component's field, when a view has one of that name.
    var fields: [TemplateField?]
    /// `.` or `.name`: looked up in the innermost context only.
    var innermostOnly: Bool
    /// Transforms, outermost first: `a(b(x))` is `["a", "b"]`.
    var transforms: [String]

    init(path: [String], innermostOnly: Bool, transforms: [String]) {
        self.path = path
        fields = path.map { TemplateField.byName[$0] }
        self.innermostOnly = innermostOnly
        self.transforms = transforms
    }
}

indirect enum TemplateNode: Sendable {
    case text([UInt8])
    case variable(TemplateName, escaped: Bool)
    case section(TemplateName, [TemplateNode], inverted: Bool)
    /// `{{>name}}`, `{{>*dynamic}}` or `{{<parent}}…{{/parent}}` (with the blocks it overrides).
    case partial(name: String, dynamic: Bool, indentation: [UInt8]?, blocks: [String: [TemplateNode]]?)
    /// `{{$name}}default{{/name}}` where a parent template leaves a block to override.
    case block(String, defaults: [TemplateNode], indentation: [UInt8])
    /// A block given inside `{{<parent}}`; collected into the partial's `blocks`.
    case blockDefinition(String, [TemplateNode])
    /// `{{%CONTENT_TYPE:TEXT}}` turns escaping off for the rest of the template; `HTML` on.
    case contentType(escapes: Bool)
}

/// Reads a template byte by byte (tags are ASCII; everything else is copied as it is).
struct TemplateParser {
    private struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var inPartialDefinition = false
        var partialDefinitionTopLevel = false
        var partialDefinitionIndent: [UInt8]?
        var start: [UInt8] = Array("{{".utf8)
        var end: [UInt8] = Array("}}".utf8)

        func inSection(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.partialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    /// Sections, blocks and parents open around the current position; the parser
    /// recurses into each, so a limit keeps a hostile template from overflowing the stack.
    private var depth = 0
    static let maximumDepth = 200

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseTemplate() throws(TemplateSyntaxError) -> [TemplateNode] {
        try parse(State())
    }

    // MARK: Structure

    private mutating func parse(_ initial: State) throws(TemplateSyntaxError) -> [TemplateNode] {
        guard depth <= Self.maximumDepth else { throw error("sections nest more than \(Self.maximumDepth) deep") }
        depth += 1
        defer { depth -= 1 }
        var nodes: [TemplateNode] = []
        var state = initial
        var whitespaceBefore: [UInt8] = []
        func flushWhitespace() {
            if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)); whitespaceBefore = [] }
        }
        while position < bytes.count {
            if state.newLine {
                let whitespace = read(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                if state.inPartialDefinition, !state.partialDefinitionTopLevel {
                    // Lines inside a block given to a parent lose the block's own indentation.
                    if let indent = state.partialDefinitionIndent {
                        whitespaceBefore = Array(whitespace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whitespace
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let (text, newline) = readTextLine(state)
            if let newline {
                nodes.append(.text(whitespaceBefore + text + newline))
                state.newLine = true
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = []
                state.newLine = false
            }
            guard position < bytes.count else { break }
            var standalone = false
            let kind = bytes[position]
            switch kind {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                let name = try readName(state)
                if isStandalone(state) { standalone = true } else { flushWhitespace() }
                let body = try parse(state.inSection(name.raw, newLine: standalone, transforms: name.parsed.transforms))
                nodes.append(.section(name.parsed, body, inverted: kind == UInt8(ascii: "^")))

            case UInt8(ascii: "/"):
                position += 1
                let namePosition = position
                let name = try readName(state)
                guard name.raw == state.sectionName, name.parsed.transforms == state.sectionTransforms else {
                    position = namePosition
                    throw error(state.sectionName.map { "'{{/\(name.raw)}}' closes '\($0)'" } ?? "'{{/\(name.raw)}}' closes no section")
                }
                if !isStandalone(state) { flushWhitespace() }
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(state.end) else { throw error("comment is not closed") }
                position = end + state.end.count
                standalone = isStandalone(state)

            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                flushWhitespace()
                position += 1
                let name = try readName(state)
                if kind == UInt8(ascii: "{") {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else { throw error("'{{{' is not closed by '}}}'") }
                    position += 1
                }
                nodes.append(.variable(name.parsed, escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                skipWhitespace()
                let dynamic = position < bytes.count && bytes[position] == UInt8(ascii: "*")
                if dynamic { position += 1 }
                let name = try readPartialName(state)
                flushWhitespaceKeeping(&nodes, whitespaceBefore)
                let indentation: [UInt8]? = isStandalone(state) ? whitespaceBefore : nil
                standalone = indentation != nil
                nodes.append(.partial(name: name, dynamic: dynamic, indentation: indentation, blocks: nil))
                whitespaceBefore = []

            case UInt8(ascii: "<"):
                position += 1
                skipWhitespace()
                let written = try readPartialName(state)
                flushWhitespaceKeeping(&nodes, whitespaceBefore)
                standalone = isStandalone(state)
                var inner = state
                inner.sectionName = written
                inner.sectionTransforms = []
                inner.newLine = true
                inner.inPartialDefinition = true
                inner.partialDefinitionTopLevel = true
                var blocks: [String: [TemplateNode]] = [:]
                for node in try parse(inner) {
                    switch node {
                    case .blockDefinition(let block, let body): blocks[block] = body
                    case .text: break
                    default: throw error("only blocks ({{$name}}) may be inside '{{<\(written)}}'")
                    }
                }
                let dynamic = written.first == "*"
                nodes.append(.partial(name: dynamic ? String(written.dropFirst()) : written, dynamic: dynamic,
                                      indentation: whitespaceBefore, blocks: blocks))
                whitespaceBefore = []

            case UInt8(ascii: "$"):
                position += 1
                let name = try readName(state)
                guard name.parsed.transforms.isEmpty else { throw error("a block cannot take a transform") }
                if state.partialDefinitionTopLevel {
                    standalone = isStandalone(state)
                    nodes.append(.blockDefinition(name.raw, try parse(state.inSection(name.raw, newLine: standalone))))
                } else {
                    flushWhitespaceKeeping(&nodes, whitespaceBefore)
                    standalone = isStandalone(state)
                    let body = try parse(state.inSection(name.raw, newLine: standalone))
                    nodes.append(.block(name.raw, defaults: body, indentation: whitespaceBefore))
                    whitespaceBefore = []
                }

            case UInt8(ascii: "="):
                position += 1
                state = try readDelimiters(state)
                standalone = isStandalone(state)

            case UInt8(ascii: "%"):
                position += 1
                nodes.append(try readContentType(state))
                standalone = isStandalone(state)

            default:
                flushWhitespace()
                nodes.append(.variable(try readName(state).parsed, escaped: true))
            }
            state.newLine = standalone
            // A standalone tag's indentation goes with its line.
            if standalone { whitespaceBefore = [] }
        }
        if let open = state.sectionName { throw error("'\(open)' is not closed") }
        flushWhitespace()
        return nodes
    }

    /// Partials and blocks print the whitespace before them and also indent with it.
    private func flushWhitespaceKeeping(_ nodes: inout [TemplateNode], _ whitespace: [UInt8]) {
        if !whitespace.isEmpty { nodes.append(.text(whitespace)) }
    }

    /// Text up to the next tag (consuming its opening delimiter) or the end of the line
    /// (returning the line end, `\n` or `\r\n`, separately).
    private mutating func readTextLine(_ state: State) -> (text: [UInt8], newline: [UInt8]?) {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                position += 1
                return (Array(bytes[start..<position - 1]), [byte])
            }
            if byte == UInt8(ascii: "\r"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") {
                position += 2
                return (Array(bytes[start..<position - 2]), Array("\r\n".utf8))
            }
            if byte == state.start[0], matches(state.start, at: position) {
                let text = Array(bytes[start..<position])
                position += state.start.count
                return (text, nil)
            }
            position += 1
        }
        return (Array(bytes[start..<position]), nil)
    }

    /// A tag alone on its line (after only spaces) is standalone: the rest of its line,
    /// line end included, is consumed.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        var probe = position
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") { probe += 1 }
        if probe == bytes.count { position = probe; return true }
        if bytes[probe] == UInt8(ascii: "\n") { position = probe + 1; return true }
        if bytes[probe] == UInt8(ascii: "\r"), probe + 1 < bytes.count, bytes[probe + 1] == UInt8(ascii: "\n") {
            position = probe + 2
            return true
        }
        return false
    }

    // MARK: Names

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"): true
        default: false
        }
    }

    /// `name`, `a.b`, `.`, or transforms around a name: `empty(answers)`, `last()`.
    private mutating func readName(_ state: State) throws(TemplateSyntaxError) -> (raw: String, parsed: TemplateName) {
        skipWhitespace()
        let raw = String(decoding: read(while: { Self.isNameByte($0) || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }), as: UTF8.self)
        skipWhitespace()
        try expect(state.end, "tag is not closed by '\(String(decoding: state.end, as: UTF8.self))'")
        var transforms: [String] = []
        var rest = Substring(raw)
        while let open = rest.firstIndex(of: "(") {
            transforms.append(String(rest[..<open]))
            rest = rest[rest.index(after: open)...]
        }
        let closing = rest.drop { $0 != ")" }
        let name = rest.prefix { $0 != ")" }
        guard closing.count == transforms.count, closing.allSatisfy({ $0 == ")" }),
              !name.contains("("), transforms.allSatisfy({ !$0.isEmpty && !$0.contains(")") }) else {
            throw error("'\(raw)' is not a name or a transform of one")
        }
        let innermostOnly = name.hasPrefix(".")
        let path = name == "." ? [] : name.split(separator: ".").map(String.init)
        return (raw, TemplateName(path: path, innermostOnly: innermostOnly, transforms: transforms))
    }

    private mutating func readPartialName(_ state: State) throws(TemplateSyntaxError) -> String {
        skipWhitespace()
        let name = String(decoding: read(while: { Self.isNameByte($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }), as: UTF8.self)
        skipWhitespace()
        try expect(state.end, "partial tag is not closed by '\(String(decoding: state.end, as: UTF8.self))'")
        return name
    }

    /// `{{=<% %>=}}`
    private mutating func readDelimiters(_ state: State) throws(TemplateSyntaxError) -> State {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        skipWhitespace()
        let start = read(while: { !isSpace($0) })
        skipWhitespace()
        let end = read(while: { !isSpace($0) && $0 != UInt8(ascii: "=") })
        skipWhitespace()
        guard !start.isEmpty, !end.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
            throw error("a delimiter change is written {{=<% %>=}}")
        }
        position += 1
        try expect(state.end, "a delimiter change is written {{=<% %>=}}")
        var changed = state
        changed.start = start
        changed.end = end
        changed.partialDefinitionTopLevel = false
        return changed
    }

    /// `{{%CONTENT_TYPE:TEXT}}` or `{{%CONTENT_TYPE:HTML}}`.
    private mutating func readContentType(_ state: State) throws(TemplateSyntaxError) -> TemplateNode {
        skipWhitespace()
        let variable = String(decoding: read(while: Self.isNameByte), as: UTF8.self)
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected {{%CONTENT_TYPE:TEXT}}") }
        position += 1
        skipWhitespace()
        let value = String(decoding: read(while: Self.isNameByte), as: UTF8.self)
        skipWhitespace()
        try expect(state.end, "expected {{%CONTENT_TYPE:TEXT}}")
        switch (variable, value) {
        case ("CONTENT_TYPE", "HTML"): return .contentType(escapes: true)
        case ("CONTENT_TYPE", "TEXT"): return .contentType(escapes: false)
        default: throw error("unknown setting {{%\(variable):\(value)}}")
        }
    }

    // MARK: Bytes

    private mutating func read(while accept: (UInt8) -> Bool) -> [UInt8] {
        let start = position
        while position < bytes.count, accept(bytes[position]) { position += 1 }
        return Array(bytes[start..<position])
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, bytes[position] == 0x20 || (0x09...0x0D).contains(bytes[position]) { position += 1 }
    }

    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for offset in pattern.indices where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        var index = position
        while index + pattern.count <= bytes.count {
            if matches(pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    private mutating func expect(_ pattern: [UInt8], _ message: String) throws(TemplateSyntaxError) {
        guard matches(pattern, at: position) else { throw error(message) }
        position += pattern.count
    }

    private func error(_ message: String) -> TemplateSyntaxError {
        let line = bytes[..<min(position, bytes.count)].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return TemplateSyntaxError(message: message, line: line)
    }
}
