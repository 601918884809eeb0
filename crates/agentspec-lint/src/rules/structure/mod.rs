//! Shape of the document against the exported schema (see `schema_walk`).

pub mod ambiguous_yaml_scalar;
pub mod invalid_enum_value;
pub mod missing_field;
pub mod unknown_field;
pub mod wrong_type;
pub mod yaml_1_1_boolean;

/// The rules of this group (their findings come from the structure pass).
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &unknown_field::UNKNOWN_FIELD,
        check: None,
    },
    crate::Registered {
        meta: &missing_field::MISSING_FIELD,
        check: None,
    },
    crate::Registered {
        meta: &wrong_type::WRONG_TYPE,
        check: None,
    },
    crate::Registered {
        meta: &invalid_enum_value::INVALID_ENUM_VALUE,
        check: None,
    },
    crate::Registered {
        meta: &yaml_1_1_boolean::YAML_1_1_BOOLEAN,
        check: None,
    },
    crate::Registered {
        meta: &ambiguous_yaml_scalar::AMBIGUOUS_YAML_SCALAR,
        check: None,
    },
];
