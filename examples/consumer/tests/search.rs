//! The paper search of `specs/paper-search.session.yaml`: defaults filled, unions read into
//! enums, a nullable reference kept as `Option`, and errors that name the branch that came
//! closest.

use agentspec_answer::AnswerError;
use agentspec_example_consumer::search::{
    PaperSearchAnswer, PaperSearchAnswerAuthor, PaperSearchAnswerPaper,
    PaperSearchAnswerPaperAccess, PaperSearchAnswerPaperVenue, PaperSearchAnswerSort,
};
use serde_json::json;

#[test]
fn an_answer_reads_into_the_value_written_by_hand_with_defaults_filled() {
    let answer = json!({
        "query": "json schema codegen",
        "papers": [
            {
                "title": "Typing JSON",
                "year": 2024,
                "corresponding_author": {"name": "Ada"},
                "access": {"kind": "open", "pdf_url": "https://example.com/a.pdf"},
                "venue": {"conference": "ICSE"}
            },
            {
                "title": "Schemas in practice",
                "year": 2023,
                "corresponding_author": null,
                "access": {"kind": "paywalled", "publisher": "ACM"},
                "venue": {"journal": "TOSEM", "volume": 33}
            }
        ]
    });
    let typed = PaperSearchAnswer::from_answer(&answer).expect("valid answer");
    let expected = PaperSearchAnswer {
        query: "json schema codegen".into(),
        page_size: 10,
        sort: PaperSearchAnswerSort::Relevance,
        papers: vec![
            PaperSearchAnswerPaper {
                title: "Typing JSON".into(),
                year: 2024,
                corresponding_author: Some(PaperSearchAnswerAuthor {
                    name: "Ada".into(),
                    orcid: None,
                }),
                access: PaperSearchAnswerPaperAccess::Open {
                    pdf_url: "https://example.com/a.pdf".into(),
                },
                venue: Some(PaperSearchAnswerPaperVenue::Conference {
                    conference: "ICSE".into(),
                }),
            },
            PaperSearchAnswerPaper {
                title: "Schemas in practice".into(),
                year: 2023,
                corresponding_author: None,
                access: PaperSearchAnswerPaperAccess::Paywalled {
                    publisher: "ACM".into(),
                },
                venue: Some(PaperSearchAnswerPaperVenue::Journal {
                    journal: "TOSEM".into(),
                    volume: Some(33),
                }),
            },
        ],
    };
    assert_eq!(typed, expected);
    // `build.rs` asked for `PartialOrd` on every type: papers compare field by field.
    assert!(typed.papers[1] < typed.papers[0]);
    assert_eq!(typed.sort.to_string(), "relevance");
    assert_eq!(
        "most-cited".parse::<PaperSearchAnswerSort>().ok(),
        Some(PaperSearchAnswerSort::MostCited)
    );

    // Serialized back, the answer is itself with the defaults written out.
    let mut filled = answer.clone();
    filled["page_size"] = json!(10);
    filled["sort"] = json!("relevance");
    assert_eq!(serde_json::to_value(&typed).expect("serialize"), filled);
}

#[test]
fn a_wrong_field_in_a_tagged_union_is_named_with_its_branch() {
    let answer = json!({
        "query": "q",
        "page_size": 5,
        "papers": [{
            "title": "T",
            "year": 2020,
            "corresponding_author": null,
            "access": {"kind": "paywalled", "publisher": 7}
        }]
    });
    let Err(AnswerError::Invalid { violations }) = PaperSearchAnswer::from_answer(&answer) else {
        panic!("expected a validation error");
    };
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].instance_path, "/papers/0/access");
    assert_eq!(
        violations[0].schema_path,
        "/properties/papers/items/properties/access/oneOf"
    );
    assert!(
        violations[0].message.ends_with(
            "the closest is `oneOf` branch 1 (/properties/papers/items/properties/access/oneOf/1), \
             which fails at /papers/0/access/publisher: 7 is not of type \"string\""
        ),
        "{}",
        violations[0].message
    );
}
