/// Named templates that render one another as partials and parents.
public struct TemplateLibrary: Sendable {
    private var templates: [String: Template] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
    }

    public func template(named name: String) -> Template? { templates[name] }

    /// The page's bytes, or nil when there is no template of that name. Throws when
    /// partials nest without end (a template that includes itself).
    public func render(_ value: some TemplateRepresentable, withTemplate name: String) throws(ConfabError) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = TemplateRenderer(library: self, root: value.templateValue)
        renderer.render(template.nodes)
        if let runaway = renderer.runaway {
            throw ConfabError("partials nest more than \(TemplateRenderer.maximumDepth) deep at '\(runaway)': does a template include itself?")
        }
        return renderer.output
    }
}

/// Fills templates into one byte buffer. The context stack and the other state of
/// swift-mustache's immutable contexts live here, saved and restored around each
/// nested render, so a page costs appends rather than string copies.
struct TemplateRenderer {
    private let library: TemplateLibrary
    private(set) var output: [UInt8] = []
    private var stack: [TemplateValue]
    /// Set while rendering an element of a list: what `first()`, `last()` answer.
    private var position: SequencePosition?
    private var indentation: [UInt8] = []
    /// Blocks given by the templates that called this one as a parent.
    private var blocks: [String: [TemplateNode]] = [:]
    private var escapes = true
    /// Partials and parents being rendered, innermost last; past `maximumDepth` rendering
    /// stops rather than overflow the stack.
    private var depth = 0
    static let maximumDepth = 100
    private(set) var runaway: String?

    init(library: TemplateLibrary, root: TemplateValue) {
        self.library = library
        stack = [root]
        output.reserveCapacity(32 * 1024)
    }

    mutating func render(_ nodes: [TemplateNode]) {
        let saved = escapes
        defer { escapes = saved }
        guard !indentation.isEmpty else {
            for node in nodes { render(node) }
            return
        }
        // Indented partials: each line this template starts is indented, as swift-mustache does.
        let start = output.count
        for node in nodes {
            let before = output.count
            render(node)
            if output.count > before, before > start, output[before - 1] == UInt8(ascii: "\n") {
                output.insert(contentsOf: indentation, at: before)
            }
        }
    }

    private mutating func render(_ node: TemplateNode) {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)

        case .variable(let name, let escaped):
            switch lookup(name) {
            case .string(let text):
                if escaped && escapes { HTML.escape(text, into: &output) } else { output.append(contentsOf: text.utf8) }
            case .int(let number): output.append(contentsOf: String(number).utf8)
            case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .null, .list, .object: break
            }

        case .section(let name, let body, let inverted):
            let value = lookup(name)
            if inverted {
                if !value.isTruthy { render(body) }
                return
            }
            switch value {
            case .null, .bool(false): break
            case .bool(true): render(body)
            case .list(let list):
                for index in 0..<list.count {
                    withContext(list.templateElement(index), position: SequencePosition(index: index, count: list.count)) { $0.render(body) }
                }
            case .string, .int, .object: withContext(value, position: nil) { $0.render(body) }
            }

        case .partial(let name, let dynamic, let indent, let given):
            var partialName = name
            if dynamic {
                guard case .string(let named) = lookup(TemplateName(path: name.split(separator: ".").map(String.init),
                                                                    innermostOnly: false, transforms: [])) else { return }
                partialName = named
            }
            guard let template = library.template(named: partialName), runaway == nil else { return }
            guard depth < Self.maximumDepth else { runaway = partialName; return }
            depth += 1
            defer { depth -= 1 }
            let saved = (position, indentation, blocks, escapes)
            position = nil
            indentation += indent ?? []
            // A block the caller's caller gave wins over the caller's own.
            if let given { blocks.merge(given) { outer, _ in outer } }
            escapes = true
            render(template.nodes)
            (position, indentation, blocks, escapes) = saved

        case .block(let name, let defaults, let indent):
            // A block given with a block of its own name inside renders itself without end.
            guard runaway == nil else { return }
            guard depth < Self.maximumDepth else { runaway = name; return }
            depth += 1
            defer { depth -= 1 }
            let saved = (position, indentation)
            position = nil
            indentation += indent
            render(blocks[name] ?? defaults)
            (position, indentation) = saved

        case .blockDefinition:
            break

        case .contentType(let escaping):
            escapes = escaping
        }
    }

    private mutating func withContext(_ value: TemplateValue, position: SequencePosition?, _ body: (inout Self) -> Void) {
        let saved = self.position
        stack.append(value)
        self.position = position
        body(&self)
        self.position = saved
        stack.removeLast()
    }

    /// The value a name stands for: its first component is looked up from the innermost
    /// context outwards (or in the innermost only, for `.name`), the rest inside it;
    /// then the transforms apply, innermost first.
    private func lookup(_ name: TemplateName) -> TemplateValue {
        var value: TemplateValue
        if name.path.isEmpty {
            if !name.innermostOnly, !name.transforms.isEmpty {
                guard let position, let transform = name.transforms.last else { return .null }
                value = position.transform(transform) ?? .null
                return name.transforms.count == 1 ? value : Self.apply(name.transforms.dropLast(), to: value)
            }
            value = stack.last!
        } else if name.innermostOnly {
            guard let found = Self.child(name, 0, of: stack.last!) else { return .null }
            value = found
        } else {
            var found: TemplateValue?
            for context in stack.reversed() {
                if let child = Self.child(name, 0, of: context) { found = child; break }
            }
            guard let found else { return .null }
            value = found
        }
        // Most names are one component without transforms: no arrays sliced for them.
        for component in name.path.indices.dropFirst() {
            guard let child = Self.child(name, component, of: value) else { return .null }
            value = child
        }
        return name.transforms.isEmpty ? value : Self.apply(name.transforms[...], to: value)
    }

    private static func apply(_ transforms: ArraySlice<String>, to value: TemplateValue) -> TemplateValue {
        var value = value
        for transform in transforms.reversed() {
            guard case .null = value else {
                guard let transformed = value.transform(transform) else { return .null }
                value = transformed
                continue
            }
            return .null
        }
        return value
    }

    /// Component `component` of `name` inside `value`.
    private static func child(_ name: TemplateName, _ component: Int, of value: TemplateValue) -> TemplateValue? {
        guard case .object(let object) = value else { return nil }
        if let field = name.fields[component] { return object.templateValue(field: field) }
        return object.templateValue(named: name.path[component])
    }
}

extension TemplateValue {
    /// What an inverted section asks: false, null and empty lists are not.
    var isTruthy: Bool {
        switch self {
        case .null, .bool(false): false
        case .list(let list): list.count > 0
        default: true
        }
    }
}
