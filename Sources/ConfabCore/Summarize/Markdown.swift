import CCmark
import Foundation

/// Every piece of Markdown goes through here: CommonMark by libcmark.
public enum Markdown {
    /// HTML for Markdown. Safe by default: raw HTML is omitted and links with
    /// `javascript:`, `vbscript:`, `file:` or non-image `data:` URLs are emptied.
    /// Only Markdown written by the site's owner may set `allowRawHTML`.
    /// `headingOffset` demotes headings (`#` becomes `<h2>` with 1), so a document
    /// can sit under a page's own title.
    public static func html(from markdown: String, allowRawHTML: Bool = false, headingOffset: Int = 0) -> String {
        let options = CMARK_OPT_VALIDATE_UTF8 | (allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE)
        var source = markdown
        let document = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }
        guard let document else { return "" }
        defer { cmark_node_free(document) }
        if headingOffset != 0, let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                      cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
                cmark_node_set_heading_level(node, min(max(cmark_node_get_heading_level(node) + Int32(headingOffset), 1), 6))
            }
        }
        guard let rendered = cmark_render_html(document, options) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// `[text](url)`: `text` must already be escaped; characters that would end the
    /// destination early are percent-encoded.
    public static func link(_ text: String, to url: String) -> String {
        var destination = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case " ": destination += "%20"
            case "(": destination += "%28"
            case ")": destination += "%29"
            case "<": destination += "%3C"
            case ">": destination += "%3E"
            default: destination.unicodeScalars.append(scalar)
            }
        }
        return "[\(text)](\(destination))"
    }

    /// Characters that start inline Markdown anywhere (all ASCII).
    static func isInlineSpecial(_ character: Character) -> Bool {
        switch character.asciiValue {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"): true
        default: false
        }
    }

    /// Characters that start a block only at the start of a line (all ASCII).
    static func isBlockStarter(_ character: Character) -> Bool {
        switch character.asciiValue {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "#"), UInt8(ascii: ">"): true
        default: false
        }
    }

    /// Text from a transcript, made inert for inline Markdown: it reads the same
    /// but cannot become a link, image, emphasis, HTML, entity, heading, quote or
    /// list. Escapes only where Markdown would act, so recaps stay readable.
    /// `lineStart: false` when the text follows other text on its line, where block
    /// markers (`#`, `>`, `-`) are inert.
    public static func escape(_ text: String, lineStart: Bool = true) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        let characters = Array(text)
        var atStart = lineStart
        var digitsAtStart = true
        for (index, character) in characters.enumerated() {
            if character == "\n" || character == "\r" || character == "\r\n" {
                result.append(" ")
                continue
            }
            // Control characters mean nothing in a recap and trip up tools that read it.
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
               scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                continue
            }
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if Self.isInlineSpecial(character)
                || (atStart && Self.isBlockStarter(character))
                // `![` opens an image; `&amp;` or `&#38;` would become an entity.
                || (character == "!" && next == "[")
                || (character == "&" && next.map { $0.isLetter || $0.isNumber || $0 == "#" } == true)
                // `1.` or `1)` would start an ordered list.
                || (lineStart && index > 0 && digitsAtStart && (character == "." || character == ")")) {
                result.append("\\")
            }
            result.append(character)
            digitsAtStart = digitsAtStart && character.isASCII && character.isNumber
            atStart = false
        }
        return result
    }
}
