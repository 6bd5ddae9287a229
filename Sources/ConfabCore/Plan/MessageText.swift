/// A message's text as HTML: escaped, with its entities as links.
enum MessageText {
    /// `from` is the UTF-8 offset where the shown text starts (after a label).
    /// `mention` and `hashtag` give the href for a handle or tag key, when there is a page for it.
    /// Every message on every page that shows it comes through here, so it appends bytes.
    static func html(_ text: String, entities: [TextEntity], from start: Int = 0,
                     mention: (String) -> String?, hashtag: (String) -> String?) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            var html: [UInt8] = []
            html.reserveCapacity(utf8.count + entities.count * 64)
            func escape(_ range: Range<Int>) { HTML.escape(utf8: UnsafeBufferPointer(rebasing: utf8[range]), into: &html) }
            func append(_ literal: StaticString) { literal.withUTF8Buffer { html.append(contentsOf: $0) } }
            /// `<a class="…" href="…">shown</a>`: `open` is the tag up to the href's opening quote.
            func link(_ open: StaticString, _ href: String, _ range: Range<Int>) {
                append(open)
                HTML.escape(href, into: &html)
                append("\">")
                escape(range)
                append("</a>")
            }
            var position = start
            for entity in entities where entity.range.lowerBound >= start {
                escape(position..<entity.range.lowerBound)
                switch entity.kind {
                case .url:
                    append("<a href=\"")
                    HTML.escape(entity.value, into: &html)
                    append("\" rel=\"nofollow ugc noopener\">")
                    escape(entity.range)
                    append("</a>")
                case .mention:
                    if let href = mention(entity.value.lowercased()) { link("<a class=\"mention\" href=\"", href, entity.range) } else { escape(entity.range) }
                case .hashtag:
                    if let href = hashtag(entity.value.lowercased()) {
                        link("<a class=\"hashtag\" href=\"", href, entity.range)
                    } else {
                        append("<span class=\"hashtag\">")
                        escape(entity.range)
                        append("</span>")
                    }
                }
                position = entity.range.upperBound
            }
            escape(position..<utf8.count)
            return String(decoding: html, as: UTF8.self)
        }
    }
}
