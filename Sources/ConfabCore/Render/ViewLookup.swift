import Mustache

// Templates look values up by name. Without these, swift-mustache reflects on
// every view with Mirror for every tag, which dominated the build's time.
// `ViewLookupTests` checks that every stored property is listed here.

extension SiteView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "language": language
        case "version": version
        case "homeHref": homeHref
        case "styleHref": styleHref
        case "nav": nav
        default: nil
        }
    }
}

extension NavLink: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "text": text
        case "current": current
        default: nil
        }
    }
}

extension LinkView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "text": text
        default: nil
        }
    }
}

extension MessageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "anchorID": anchorID
        case "permalink": permalink
        case "number": number
        case "author": author
        case "role": role
        case "isModerator": isModerator
        case "time": time
        case "published": published
        case "label": label
        case "textHTML": textHTML
        case "inReplyTo": inReplyTo
        case "quotes": quotes
        case "reposted": reposted
        case "knownOnlyFromQuote": knownOnlyFromQuote
        default: nil
        }
    }
}

extension ReplyView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "people": people
        case "href": href
        default: nil
        }
    }
}

extension QuoteView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "author": author
        case "time": time
        case "textHTML": textHTML
        default: nil
        }
    }
}

extension ChartView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "caption": caption
        case "svg": svg
        default: nil
        }
    }
}

extension SessionRowView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "date": date
        case "isoDate": isoDate
        case "series": series
        case "headline": headline
        case "counts": counts
        default: nil
        }
    }
}

extension YearView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "year": year
        case "sessions": sessions
        default: nil
        }
    }
}

extension IndexPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "descriptionHTML": descriptionHTML
        case "totals": totals
        case "sections": sections
        case "chart": chart
        case "hasSessions": hasSessions
        case "years": years
        default: nil
        }
    }
}

extension QuestionHeadingView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "anchorID": anchorID
        case "title": title
        case "text": text
        case "href": href
        case "answers": answers
        default: nil
        }
    }
}

extension TranscriptSectionView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "question": question
        case "messages": messages
        default: nil
        }
    }
}

extension SessionPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "hashtag": hashtag
        case "date": date
        case "isoDate": isoDate
        case "start": start
        case "counts": counts
        case "series": series
        case "summaryHTML": summaryHTML
        case "chart": chart
        case "sections": sections
        case "previous": previous
        case "next": next
        case "source": source
        default: nil
        }
    }
}

extension PersonRowView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "handle": handle
        case "roles": roles
        case "messages": messages
        case "answers": answers
        case "sessions": sessions
        case "span": span
        default: nil
        }
    }
}

extension PeopleIndexView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "orders": orders
        case "people": people
        case "mentioned": mentioned
        default: nil
        }
    }
}

extension StatView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        default: nil
        }
    }
}

extension PersonSessionView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "session": session
        case "series": series
        case "messages": messages
        default: nil
        }
    }
}

extension PersonPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "handle": handle
        case "roles": roles
        case "mentionedOnly": mentionedOnly
        case "stats": stats
        case "firstSeen": firstSeen
        case "lastSeen": lastSeen
        case "repliesTo": repliesTo
        case "chart": chart
        case "sessions": sessions
        case "mentions": mentions
        default: nil
        }
    }
}

extension QuestionRowView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "title": title
        case "text": text
        case "answers": answers
        default: nil
        }
    }
}

extension QuestionGroupView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "session": session
        case "series": series
        case "questions": questions
        default: nil
        }
    }
}

extension QuestionsIndexView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "totals": totals
        case "groups": groups
        default: nil
        }
    }
}

extension AnswerView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "message": message
        case "replies": replies
        default: nil
        }
    }
}

extension QuestionPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "title": title
        case "text": text
        case "session": session
        case "asked": asked
        case "answerCount": answerCount
        case "answers": answers
        case "questionReplies": questionReplies
        case "previous": previous
        case "next": next
        default: nil
        }
    }
}

extension SeriesRowView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "name": name
        case "aliases": aliases
        case "sessions": sessions
        case "span": span
        default: nil
        }
    }
}

extension SeriesIndexView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "series": series
        default: nil
        }
    }
}

extension RegularView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "person": person
        case "counts": counts
        default: nil
        }
    }
}

extension SeriesPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "name": name
        case "aliases": aliases
        case "totals": totals
        case "sessions": sessions
        case "regulars": regulars
        default: nil
        }
    }
}

extension TagPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "tag": tag
        case "counts": counts
        case "sessions": sessions
        default: nil
        }
    }
}

extension TextPageView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "pageTitle": pageTitle
        case "breadcrumbs": breadcrumbs
        case "bodyHTML": bodyHTML
        default: nil
        }
    }
}
