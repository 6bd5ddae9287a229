/// A message's text as HTML: escaped, with its entities as links.
enum MessageText {
    /// `from` is the UTF-8 offset where the shown text starts (after a label).
    /// `mention` and `hashtag` give the href for a handle or tag key, when there is a page for it.
    static func html(_ text: String, entities: [TextEntity], from start: Int = 0,
                     mention: (String) -> String?, hashtag: (String) -> String?) -> String {
        let bytes = Array(text.utf8)
        func slice(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var html = ""
        var position = start
        for entity in entities where entity.range.lowerBound >= start {
            html += HTML.escape(slice(position..<entity.range.lowerBound))
            let shown = HTML.escape(slice(entity.range))
            switch entity.kind {
            case .url:
                html += "<a href=\"\(HTML.escape(entity.value))\" rel=\"nofollow ugc noopener\">\(shown)</a>"
            case .mention:
                html += mention(entity.value.lowercased()).map { "<a class=\"mention\" href=\"\(HTML.escape($0))\">\(shown)</a>" } ?? shown
            case .hashtag:
                html += hashtag(entity.value.lowercased()).map { "<a class=\"hashtag\" href=\"\(HTML.escape($0))\">\(shown)</a>" }
                    ?? "<span class=\"hashtag\">\(shown)</span>"
            }
            position = entity.range.upperBound
        }
        html += HTML.escape(slice(position..<bytes.count))
        return html
    }
}
