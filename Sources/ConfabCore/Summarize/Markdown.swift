import CCmark
import Foundation

/// Every piece of Markdown goes through here: CommonMark by libcmark.
public enum Markdown {
    /// HTML for Markdown. Safe by default: raw HTML is omitted and links with
    /// `javascript:`, `vbscript:`, `file:` or non-image `data:` URLs are emptied.
    /// Only Markdown written by the site's owner may set `allowRawHTML`.
    public static func html(from markdown: String, allowRawHTML: Bool = false) -> String {
        let options = CMARK_OPT_VALIDATE_UTF8 | (allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE)
        var source = markdown
        return source.withUTF8 { bytes in
            guard let rendered = bytes.withMemoryRebound(to: CChar.self, { text in
                cmark_markdown_to_html(text.baseAddress, text.count, options)
            }) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    static let inlineSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "!", "&", "#", "|", "~"]
    static let blockStarters: Set<Character> = ["-", "+", "="]

    /// Text from a transcript, made inert for inline Markdown: it reads the same
    /// but cannot become a link, image, emphasis, HTML, heading or list.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var atStart = true
        var digitsAtStart = true
        for character in text {
            if character == "\n" || character == "\r" || character == "\r\n" {
                result.append(" ")
                continue
            }
            if inlineSpecials.contains(character)
                || (atStart && blockStarters.contains(character))
                // `1.` or `1)` would start an ordered list.
                || (!atStart && digitsAtStart && (character == "." || character == ")")) {
                result.append("\\")
            }
            result.append(character)
            digitsAtStart = digitsAtStart && character.isASCII && character.isNumber
            atStart = false
        }
        return result
    }
}
