/// Replacements of spans of a message's text (a mention made "someone", an e-mail address
/// masked) that keep its entities and styles on the text they marked.
struct TextEdit: Hashable, Sendable {
    /// UTF-8 byte offsets into the text before any edit.
    var range: Range<Int>
    var replacement: String
    /// The entity the new text is, when it is one (a mention of a pseudonym).
    var entity: TextEntity.Kind?
    var entityValue: String?

    init(_ range: Range<Int>, _ replacement: String, entity: TextEntity.Kind? = nil, value: String? = nil) {
        self.range = range
        self.replacement = replacement
        self.entity = entity
        entityValue = value
    }

    /// `text` with `edits` made (overlapping ones after the first are dropped), and its
    /// entities and styles moved with it. An entity that an edit touches but is not
    /// exactly is dropped (a link with an address masked inside is no link); one an edit
    /// replaces whole becomes the edit's own entity, if it has one.
    static func apply(_ edits: [TextEdit], to text: String, entities: [TextEntity], styles: [TextStyle])
        -> (text: String, entities: [TextEntity], styles: [TextStyle]) {
        let bytes = Array(text.utf8)
        var kept: [TextEdit] = []
        for edit in edits.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) })
        where edit.range.lowerBound >= (kept.last?.range.upperBound ?? 0) && edit.range.upperBound <= bytes.count {
            kept.append(edit)
        }
        guard !kept.isEmpty else { return (text, entities, styles) }
        var result: [UInt8] = [], newRanges: [Range<Int>] = [], position = 0
        for edit in kept {
            result += bytes[position..<edit.range.lowerBound]
            let start = result.count
            result += Array(edit.replacement.utf8)
            newRanges.append(start..<result.count)
            position = edit.range.upperBound
        }
        result += bytes[position...]
        /// Where an offset of the old text is in the new: inside an edit, its start or end.
        func moved(_ offset: Int, isEnd: Bool) -> Int {
            var shift = 0
            for (edit, new) in zip(kept, newRanges) {
                if offset <= edit.range.lowerBound { return offset + shift }
                if offset < edit.range.upperBound { return isEnd ? new.upperBound : new.lowerBound }
                shift = new.upperBound - edit.range.upperBound
            }
            return offset + shift
        }
        var newEntities: [TextEntity] = []
        for entity in entities {
            if let index = kept.firstIndex(where: { $0.range.overlaps(entity.range) || $0.range == entity.range }) {
                let edit = kept[index]
                if edit.range == entity.range, let kind = edit.entity, let value = edit.entityValue {
                    newEntities.append(TextEntity(kind: kind, range: newRanges[index], value: value))
                }
                continue
            }
            newEntities.append(TextEntity(kind: entity.kind, range: moved(entity.range.lowerBound, isEnd: false)..<moved(entity.range.upperBound, isEnd: true), value: entity.value))
        }
        for (index, edit) in kept.enumerated() where edit.entity != nil && !entities.contains(where: { $0.range == edit.range }) {
            newEntities.append(TextEntity(kind: edit.entity!, range: newRanges[index], value: edit.entityValue ?? edit.replacement))
        }
        newEntities.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        let newStyles = styles.compactMap { style -> TextStyle? in
            let start = moved(style.range.lowerBound, isEnd: false)
            let range = start..<max(start, moved(style.range.upperBound, isEnd: true))
            return range.isEmpty ? nil : TextStyle(style.kind, range: range)
        }.sorted(by: TextStyle.inOrder)
        return (String(decoding: result, as: UTF8.self), newEntities, newStyles)
    }
}
