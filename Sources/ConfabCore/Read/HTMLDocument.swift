import CLibXML2
import Foundation

/// A web page as values: libxml2's HTML parser reads it (recovering from broken markup,
/// with no network and its default size limits — `HTML_PARSE_HUGE` stays off), its tree is
/// copied into Swift values and the parser's document is freed before anything else runs.
/// Scripts, styles, inline SVG and comments are left out: nothing of them is ever text.
struct HTMLElement: Sendable, Equatable {
    /// Lower-case tag name.
    var name: String
    var attributes: [String: String]
    var children: [HTMLNode]
    /// The line the element starts on, as libxml2 counts (0 when unknown).
    var line: Int

    func attribute(_ name: String) -> String? { attributes[name] }

    /// The words of the `class` attribute.
    var classes: [Substring] { (attributes["class"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) }

    func hasClass(_ name: String) -> Bool { classes.contains { $0 == name } }

    /// All text below the element, in order.
    var text: String {
        var out = ""
        forEachNode { node in if case .text(let text) = node { out += text } }
        return out
    }

    /// Every node below the element in document order, depth first, without recursion.
    func forEachNode(_ body: (HTMLNode) -> Void) {
        var stack: [IndexingIterator<[HTMLNode]>] = [children.makeIterator()]
        while !stack.isEmpty {
            guard let node = stack[stack.count - 1].next() else { stack.removeLast(); continue }
            body(node)
            if case .element(let element) = node { stack.append(element.children.makeIterator()) }
        }
    }

    /// The elements below this one (not itself) that match, in document order. `descend`
    /// false stops the search inside a match: a match's own matching descendants are skipped.
    func all(descend: Bool = true, where matches: (HTMLElement) -> Bool) -> [HTMLElement] {
        var found: [HTMLElement] = []
        var stack: [IndexingIterator<[HTMLNode]>] = [children.makeIterator()]
        while !stack.isEmpty {
            guard let node = stack[stack.count - 1].next() else { stack.removeLast(); continue }
            guard case .element(let element) = node else { continue }
            let match = matches(element)
            if match { found.append(element) }
            if !match || descend { stack.append(element.children.makeIterator()) }
        }
        return found
    }

    /// The first element below this one that matches.
    func first(where matches: (HTMLElement) -> Bool) -> HTMLElement? {
        var stack: [IndexingIterator<[HTMLNode]>] = [children.makeIterator()]
        while !stack.isEmpty {
            guard let node = stack[stack.count - 1].next() else { stack.removeLast(); continue }
            guard case .element(let element) = node else { continue }
            if matches(element) { return element }
            stack.append(element.children.makeIterator())
        }
        return nil
    }

    /// The elements below this one that match, not looking inside those `skipping` says to pass by.
    func all(where matches: (HTMLElement) -> Bool, skipping: (HTMLElement) -> Bool) -> [HTMLElement] {
        var found: [HTMLElement] = []
        var stack: [IndexingIterator<[HTMLNode]>] = [children.makeIterator()]
        while !stack.isEmpty {
            guard let node = stack[stack.count - 1].next() else { stack.removeLast(); continue }
            guard case .element(let element) = node else { continue }
            if matches(element) { found.append(element) }
            if !skipping(element) { stack.append(element.children.makeIterator()) }
        }
        return found
    }

    func all(class name: String, descend: Bool = true) -> [HTMLElement] { all(descend: descend) { $0.hasClass(name) } }
    func first(class name: String) -> HTMLElement? { first { $0.hasClass(name) } }
}

enum HTMLNode: Sendable, Equatable {
    case element(HTMLElement)
    case text(String)
}

enum HTMLDocument {
    /// Elements nested deeper than this are left out (with a count): the copy recurses, and
    /// a hostile page of a million nested `<div>`s must not exhaust the stack.
    static let maxDepth = 256
    /// Elements whose content is never text on the page.
    static let dropped: Set<String> = ["script", "style", "svg", "noscript", "template", "iframe", "object", "math"]

    struct Parsed {
        /// The `<html>` element (libxml2 adds one when the page has none).
        var root: HTMLElement
        /// Elements left out for being nested too deep.
        var tooDeep: Int
    }

    /// The page's tree, or why it could not be parsed.
    static func parse(_ text: String) -> Result<Parsed, ParseError> {
        let size = text.utf8.count
        guard size <= Int(Int32.max) else { return .failure(.tooLarge(size)) }
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_RECOVER.rawValue)
        var text = text
        let document: htmlDocPtr? = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // The text is already decoded: UTF-8 is said explicitly, so a page's `<meta charset>` is not obeyed.
                htmlReadMemory(chars.baseAddress, Int32(size), nil, "UTF-8", options)
            }
        }
        guard let document else { return .failure(.unreadable) }
        defer { xmlFreeDoc(document) }
        guard let rootNode = xmlDocGetRootElement(document) else { return .failure(.empty) }
        var tooDeep = 0
        guard let root = element(rootNode, depth: 0, tooDeep: &tooDeep) else { return .failure(.empty) }
        return .success(Parsed(root: root, tooDeep: tooDeep))
    }

    enum ParseError: Error, Equatable, CustomStringConvertible {
        case tooLarge(Int), unreadable, empty
        var description: String {
            switch self {
            case .tooLarge(let size): "too large to parse as HTML (\(size >> 20) MiB)"
            case .unreadable: "not readable as HTML"
            case .empty: "an HTML page with no content"
            }
        }
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        // libxml2 keeps text as UTF-8; invalid bytes (there should be none) become U+FFFD.
        return String(decoding: UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))), as: UTF8.self)
    }

    private static func element(_ node: xmlNodePtr, depth: Int, tooDeep: inout Int) -> HTMLElement? {
        let name = string(node.pointee.name).lowercased()
        if dropped.contains(name) { return nil }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            // An attribute's value is the text of its children (entities already decoded).
            var value = "", child = current.pointee.children
            while let part = child {
                if part.pointee.type == XML_TEXT_NODE { value += string(part.pointee.content) }
                child = part.pointee.next
            }
            let key = string(current.pointee.name).lowercased()
            if attributes[key] == nil { attributes[key] = value }
            attribute = current.pointee.next
        }
        var children: [HTMLNode] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if depth + 1 >= maxDepth {
                    tooDeep += 1
                } else if let element = element(current, depth: depth + 1, tooDeep: &tooDeep) {
                    children.append(.element(element))
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                children.append(.text(string(current.pointee.content)))
            default:
                break
            }
            child = current.pointee.next
        }
        return HTMLElement(name: name, attributes: attributes, children: children, line: Int(xmlGetLineNo(node)))
    }
}
