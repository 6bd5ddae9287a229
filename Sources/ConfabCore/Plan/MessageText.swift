/// A message's text as HTML: escaped, with its entities as links and its styles as elements.
enum MessageText {
    /// `from` is the UTF-8 offset where the shown text starts (after a label).
    /// `mention` and `hashtag` give the href for a handle or tag key, when there is a page for it.
    /// Every message on every page that shows it comes through here, so it appends bytes;
    /// a message without styles (every transcript's) takes the plain loop alone.
    static func html(_ text: String, entities: [TextEntity], styles: [TextStyle] = [], from start: Int = 0,
                     mention: (String) -> String?, hashtag: (String) -> String?) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            var html: [UInt8] = []
            html.reserveCapacity(utf8.count + entities.count * 64 + styles.count * 24)
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
            func write(_ entity: TextEntity) {
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
            }
            var position = start
            guard !styles.isEmpty else {
                // Entities in order and apart (normalize makes them so; one that is not is left as text).
                for entity in entities where entity.range.lowerBound >= max(start, position) && entity.range.upperBound <= utf8.count {
                    escape(position..<entity.range.lowerBound)
                    write(entity)
                    position = entity.range.upperBound
                }
                escape(position..<utf8.count)
                return String(decoding: html, as: UTF8.self)
            }

            let shown = entities.filter { $0.range.lowerBound >= start }
            let kept = nested(styles, entities: shown, in: start..<utf8.count)
            func isNewline(_ offset: Int) -> Bool { offset >= 0 && offset < utf8.count && utf8[offset] == UInt8(ascii: "\n") }
            func text(upTo end: Int) { if end > position { escape(position..<end) } }
            var open: [TextStyle] = [], next = 0, entityIndex = 0
            while true {
                // The next thing at or after `position`: a style to close (innermost first),
                // one to open, or an entity; at one offset, closing goes first, then opening.
                let close = open.last?.range.upperBound ?? Int.max
                let opening = next < kept.count ? kept[next].range.lowerBound : Int.max
                let entity = entityIndex < shown.count ? shown[entityIndex].range.lowerBound : Int.max
                let at = min(close, opening, entity)
                guard at != Int.max else { break }
                if close == at {
                    text(upTo: at)
                    position = max(position, at)
                    let style = open.removeLast()
                    closeTag(style.kind, into: &html)
                    // The block ends the line: the line break after it would be an empty line.
                    if style.kind.isBlock, isNewline(at), nextStart(kept, next, shown, entityIndex, open) > at { position = at + 1 }
                } else if opening == at {
                    let style = kept[next]
                    next += 1
                    // The line break before a block is the block's own edge.
                    text(upTo: style.kind.isBlock && at > position && isNewline(at - 1) ? at - 1 : at)
                    position = max(position, at)
                    openTag(style.kind, into: &html)
                    open.append(style)
                } else {
                    // An entity that overlaps the one before is left as the text it is.
                    let entity = shown[entityIndex]
                    entityIndex += 1
                    guard at >= position else { continue }
                    text(upTo: at)
                    write(entity)
                    position = entity.range.upperBound
                }
            }
            text(upTo: utf8.count)
            return String(decoding: html, as: UTF8.self)
        }
    }

    /// Where the next style or entity starts, or the open style ends.
    private static func nextStart(_ kept: [TextStyle], _ next: Int, _ entities: [TextEntity], _ entityIndex: Int, _ open: [TextStyle]) -> Int {
        min(next < kept.count ? kept[next].range.lowerBound : Int.max,
            entityIndex < entities.count ? entities[entityIndex].range.lowerBound : Int.max,
            open.last?.range.upperBound ?? Int.max)
    }

    /// The styles that make well-formed HTML, in the order they open: inside the shown
    /// text, each inside or beside the ones before it (one that crosses another's edge
    /// is dropped), never cutting a link (a style may hold a link, not part of one),
    /// nothing inside code, and blocks only inside blocks.
    static func nested(_ styles: [TextStyle], entities: [TextEntity], in bounds: Range<Int>) -> [TextStyle] {
        let sorted = styles.allSatisfy({ !$0.range.isEmpty }) && zip(styles, styles.dropFirst()).allSatisfy { !TextStyle.inOrder($1, $0) }
            ? styles : styles.sorted(by: TextStyle.inOrder)
        /// Whether `offset` falls strictly inside an entity (entities are sorted and apart).
        func cutsEntity(_ offset: Int) -> Bool {
            var low = 0, high = entities.count
            while low < high {
                let middle = (low + high) / 2
                if entities[middle].range.upperBound <= offset { low = middle + 1 } else { high = middle }
            }
            return low < entities.count && entities[low].range.lowerBound < offset
        }
        var kept: [TextStyle] = [], stack: [TextStyle] = []
        for style in sorted where !style.range.isEmpty && bounds.contains(style.range.lowerBound) && style.range.upperBound <= bounds.upperBound {
            while let top = stack.last, top.range.upperBound <= style.range.lowerBound { stack.removeLast() }
            if let top = stack.last {
                guard style.range.upperBound <= top.range.upperBound, !top.kind.isLiteral else { continue }
                if style.kind.isBlock, !top.kind.isBlock { continue }
                if style == top { continue }
            }
            guard !cutsEntity(style.range.lowerBound), !cutsEntity(style.range.upperBound) else { continue }
            kept.append(style)
            stack.append(style)
        }
        return kept
    }

    private static func openTag(_ kind: TextStyle.Kind, into html: inout [UInt8]) {
        let tag: StaticString = switch kind {
        case .bold: "<strong>"
        case .italic: "<em>"
        case .underline: "<u>"
        case .strike: "<s>"
        case .code: "<code>"
        case .pre: "<pre><code>"
        case .quote: "<blockquote>"
        case .spoiler: "<span class=\"spoiler\" tabindex=\"0\">"
        }
        tag.withUTF8Buffer { html.append(contentsOf: $0) }
    }

    private static func closeTag(_ kind: TextStyle.Kind, into html: inout [UInt8]) {
        let tag: StaticString = switch kind {
        case .bold: "</strong>"
        case .italic: "</em>"
        case .underline: "</u>"
        case .strike: "</s>"
        case .code: "</code>"
        case .pre: "</code></pre>"
        case .quote: "</blockquote>"
        case .spoiler: "</span>"
        }
        tag.withUTF8Buffer { html.append(contentsOf: $0) }
    }
}
