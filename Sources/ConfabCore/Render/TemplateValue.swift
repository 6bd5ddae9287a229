/// A value as a template sees it. Views say what they hold by name through
/// `TemplateObject`, so rendering needs neither reflection nor dynamic casts.
public enum TemplateValue {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case list(any TemplateList)
    case object(any TemplateObject)
}

/// Anything a template can show or iterate.
public protocol TemplateRepresentable {
    var templateValue: TemplateValue { get }
}

/// A view whose fields templates look up by name. `nil` means there is no such
/// field (the lookup goes on up the context stack); a field holding nil is `.null`.
public protocol TemplateObject: TemplateRepresentable {
    func templateValue(named name: String) -> TemplateValue?
    /// The same for a name the views know (generated views switch on the number).
    func templateValue(field: TemplateField) -> TemplateValue?
}

extension TemplateObject {
    public var templateValue: TemplateValue { .object(self) }
    public func templateValue(field: TemplateField) -> TemplateValue? { templateValue(named: field.name) }
}

/// A view that answers by field (generated in ViewLookup.swift); a name is looked up
/// as the field of that name.
public protocol TemplateFieldObject: TemplateObject {}

extension TemplateFieldObject {
    public func templateValue(named name: String) -> TemplateValue? { TemplateField.byName[name].flatMap(templateValue(field:)) }
}

/// A sequence a section iterates.
public protocol TemplateList {
    var count: Int { get }
    func templateElement(_ index: Int) -> TemplateValue
}

extension String: TemplateRepresentable {
    public var templateValue: TemplateValue { .string(self) }
}

extension Int: TemplateRepresentable {
    public var templateValue: TemplateValue { .int(self) }
}

extension Bool: TemplateRepresentable {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Optional: TemplateRepresentable where Wrapped: TemplateRepresentable {
    public var templateValue: TemplateValue { self?.templateValue ?? .null }
}

extension Array: TemplateRepresentable where Element: TemplateRepresentable {
    public var templateValue: TemplateValue { .list(self) }
}

extension Array: TemplateList where Element: TemplateRepresentable {
    public func templateElement(_ index: Int) -> TemplateValue { self[index].templateValue }
}

/// Where a section is in the list it iterates: what `first()`, `last()`, `index()`,
/// `even()` and `odd()` answer.
struct SequencePosition {
    var index: Int
    var count: Int

    func transform(_ name: String) -> TemplateValue? {
        switch name {
        case "first": .bool(index == 0)
        case "last": .bool(index == count - 1)
        case "index": .int(index)
        case "even": .bool(index & 1 == 0)
        case "odd": .bool(index & 1 == 1)
        default: nil
        }
    }
}

extension TemplateValue {
    /// The transforms a template may apply, as in swift-mustache: `{{#empty(answers)}}`,
    /// `{{count(people)}}`, `{{uppercased(name)}}`. Nil when the transform does not apply.
    func transform(_ name: String) -> TemplateValue? {
        switch self {
        case .string(let text):
            switch name {
            case "empty": .bool(text.isEmpty)
            case "capitalized": .string(text.capitalizedWords)
            case "lowercased": .string(text.lowercased())
            case "uppercased": .string(text.uppercased())
            case "reversed": .string(String(text.reversed()))
            default: nil
            }
        case .int(let number):
            switch name {
            case "equalzero": .bool(number == 0)
            case "plusone": .int(number &+ 1)
            case "minusone": .int(number &- 1)
            case "even": .bool(number & 1 == 0)
            case "odd": .bool(number & 1 == 1)
            default: nil
            }
        case .list(let list):
            switch name {
            case "first": list.count > 0 ? list.templateElement(0) : .null
            case "last": list.count > 0 ? list.templateElement(list.count - 1) : .null
            case "reversed": .list(ReversedList(base: list))
            case "count": .int(list.count)
            case "empty": .bool(list.count == 0)
            default: nil
            }
        case .null, .bool, .object: nil
        }
    }
}

private struct ReversedList: TemplateList {
    var base: any TemplateList
    var count: Int { base.count }
    func templateElement(_ index: Int) -> TemplateValue { base.templateElement(base.count - 1 - index) }
}

private extension String {
    /// Each word's first letter upper-cased, the rest lower-cased (Foundation's `capitalized`).
    var capitalizedWords: String {
        var result = ""
        var startOfWord = true
        for character in self {
            result += startOfWord ? character.uppercased() : character.lowercased()
            startOfWord = character.isWhitespace
        }
        return result
    }
}
