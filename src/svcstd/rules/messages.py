"""The messages of the rule language and its tooling (loading and checking rulesets,
conditions, value tests, rule cases, lint), in Chinese and English: one catalog, ``MESSAGES``,
with a section per module that uses it.

Keys are unique across the package; ``tests/test_messages.py`` checks that every key used
is defined and every key defined is used.
"""

from __future__ import annotations

from svcstd.i18n import Catalog

MESSAGES = Catalog(
    {
        # --- load, bundled, merge, compile, tailoring: finding, reading and checking rulesets
        "unknown_ruleset": {
            "zh": "找不到规则集 {name}{suggestion}；可用：{known}",
            "en": "no ruleset {name}{suggestion}; available: {known}",
        },
        "unknown_profile": {
            "zh": "规则集 {ruleset} 没有配置 {name}{suggestion}；可用：{known}",
            "en": "ruleset {ruleset} has no profile {name}{suggestion}; available: {known}",
        },
        "unknown_param": {
            "zh": "规则 {rule} 引用了未定义的参数 {name}；请在 parameters 中定义它",
            "en": "rule {rule} uses parameter {name}, which is not defined; define it under parameters",
        },
        "tailor_unknown_param": {
            "zh": "参数 {name} 在规则集中不存在",
            "en": "parameter {name} is not defined by the ruleset",
        },
        "unknown_rule": {
            "zh": "规则 {rule} 在规则集中不存在",
            "en": "rule {rule} is not in the ruleset",
        },
        "duplicate_rule": {
            "zh": "规则编号 {rule} 重复（首次出现在第 {line} 行）",
            "en": "rule id {rule} is used twice (first at line {line})",
        },
        "unknown_area": {
            "zh": "规则 {rule} 的领域 {area} 未在 areas 中定义",
            "en": "rule {rule} names area {area}, which is not defined under areas",
        },
        "unknown_grade": {
            "zh": "封顶等级 {grade} 不是 grading.bands 中的等级",
            "en": "cap grade {grade} is not one of grading.bands",
        },
        "extends_cycle": {
            "zh": "规则集的 extends 形成循环：{chain}",
            "en": "ruleset extends itself: {chain}",
        },
        "missing_section": {
            "zh": "规则集缺少 {key}，也没有可继承的上级规则集",
            "en": "ruleset has no {key} and extends nothing that has one",
        },
        "bad_template": {
            "zh": "规则 {rule} 的提示模板有误：{error}；花括号须成对，字面的花括号写作 {{{{ 和 }}}}",
            "en": "rule {rule}'s message template is malformed: {error}; braces must pair, write literal ones as {{{{ and }}}}",
        },
        "template_spec": {
            "zh": "规则 {rule} 的提示模板中的 {{{field}}} 带有格式说明或转换（{spec}）；模板只能写 {{路径}}",
            "en": "rule {rule}'s message template gives {{{field}}} a format spec or conversion ({spec}); write plain {{path}} fields only",
        },
        "template_field": {
            "zh": "规则 {rule} 的提示模板中的 {{{field}}} 不是路径：{why}",
            "en": "rule {rule}'s message template has {{{field}}}, which is not a path: {why}",
        },
        "points_total": {
            "zh": "各指标分值合计 {total}，应为 100",
            "en": "the indicators' points add up to {total}, not 100",
        },
        "indicator_total": {
            "zh": "指标 {indicator} 分值为 {points}，但其规则与人工条款合计 {total}；两者须一致",
            "en": "indicator {indicator} has {points} points, but its rules and manual clauses add up to {total}; make them agree",
        },
        "unknown_indicator": {
            "zh": "{what} 所属的指标 {indicator} 未在 indicators 中定义",
            "en": "{what} names indicator {indicator}, which is not defined under indicators",
        },
        "needs_points": {
            "zh": "规则 {rule} 缺少 {key}：声明了 indicators 的规则集中，每条规则都要有分值（加分项可不属于指标）",
            "en": "rule {rule} has no {key}: in a ruleset with indicators every rule needs points (bonus items need no indicator)",
        },
        "points_without_sheet": {
            "zh": "规则 {rule} 有分值，但规则集没有声明 indicators（评分表）",
            "en": "rule {rule} has points, but the ruleset declares no indicators (points sheet)",
        },
        "tailoring_ruleset": {
            "zh": "剪裁文件针对的是 {expected}，当前规则集是 {actual}",
            "en": "the tailoring file is for {expected}, but the ruleset is {actual}",
        },
        # --- operands: shared by conditions and value tests
        "missing": {"zh": "缺少 `{path}`", "en": "`{path}` is missing"},
        "bad_type": {
            "zh": "无法比较 `{path}` 的值 {actual} 与 {expected}",
            "en": "cannot compare `{path}` ({actual}) with {expected}",
        },
        "not_stated": {"zh": "未写明", "en": "not stated"},
        "named": {"zh": "{value}（{name}）", "en": "{value} ({name})"},
        "no_param": {
            "zh": "参数 {name} 对层级 {level} 没有取值",
            "en": "parameter {name} has no value for level {level}",
        },
        # --- value_tests: why a value test fails
        "not_absent": {"zh": "`{path}` 应当不存在", "en": "`{path}` should be absent"},
        "truthy": {"zh": "`{path}` 为 {actual}，应为 {expected}", "en": "`{path}` is {actual}, expected {expected}"},
        "compare": {
            "zh": "`{path}` 为 {actual}，应 {op} {expected}",
            "en": "`{path}` is {actual}, expected {op} {expected}",
        },
        "in": {
            "zh": "`{path}` 为 {actual}，应为以下之一：{expected}",
            "en": "`{path}` is {actual}, expected one of {expected}",
        },
        "not_in": {
            "zh": "`{path}` 为 {actual}，不应为以下之一：{expected}",
            "en": "`{path}` is {actual}, which is not allowed ({expected})",
        },
        "matches": {
            "zh": "`{path}` 的值 {actual} 不符合格式 {expected}",
            "en": "`{path}` ({actual}) does not match {expected}",
        },
        "not_matches": {
            "zh": "`{path}` 的值 {actual} 不应符合格式 {expected}",
            "en": "`{path}` ({actual}) must not match {expected}",
        },
        "length": {
            "zh": "`{path}` 有 {actual} 项，应 {op} {expected}",
            "en": "`{path}` has {actual} items, expected {op} {expected}",
        },
        "contains_all": {"zh": "`{path}` 缺少：{missing}", "en": "`{path}` lacks {missing}"},
        "contains_any": {
            "zh": "`{path}` 应至少包含以下之一：{expected}",
            "en": "`{path}` should contain at least one of {expected}",
        },
        "age": {
            "zh": "`{path}`（{actual}）距审核日已 {age} 天，应不超过 {expected} 天",
            "en": "`{path}` ({actual}) is {age} days old, expected at most {expected}",
        },
        "ref": {"zh": "`{path}` 的值 {actual} 不在 {expected} 中", "en": "`{path}` ({actual}) is not among {expected}"},
        "schema": {"zh": "`{path}`：{detail}", "en": "`{path}`: {detail}"},
        "bad_date": {"zh": "`{path}` 的值 {actual} 不是 ISO 日期", "en": "`{path}` ({actual}) is not an ISO date"},
        # --- conditions: all / any / not and aggregates
        "not": {"zh": "不应成立的条件成立了：{detail}", "en": "a condition that must not hold holds: {detail}"},
        "aggregate": {
            "zh": "{of} 的 {aggregate} 为 {actual}，应 {op} {expected}",
            "en": "{aggregate} of {of} is {actual}, expected {op} {expected}",
        },
        "aggregate_empty": {
            "zh": "{of} 中没有可计算 {aggregate} 的元素",
            "en": "{of} has no elements to compute the {aggregate} of",
        },
        "unique": {"zh": "{of} 中 `{path}` 有重复值：{actual}", "en": "{of} has duplicate `{path}` values: {actual}"},
        # --- safe: patterns and schema tests a ruleset may use
        "schema_invalid": {
            "zh": "schema 检查不是有效的 JSON Schema：{error}",
            "en": "the schema test is not a valid JSON Schema: {error}",
        },
        "schema_ref": {
            "zh": "schema 检查中的 {keyword} {ref} 指向片段之外；只能引用本片段内的位置（#/...），不能引用网址或文件",
            "en": "{keyword} {ref} in a schema test points outside the fragment; refer only to its own parts (#/...), never to a URL or a file",
        },
        "schema_ref_missing": {
            "zh": "schema 检查中的 $ref {ref} 在片段内找不到",
            "en": "$ref {ref} in a schema test points to nothing in the fragment",
        },
        "schema_cycle": {
            "zh": "schema 检查中的 $ref {ref} 引用自身而不深入数据，求值永不结束",
            "en": "$ref {ref} in a schema test refers to itself without descending into the data, so it would never end",
        },
        "schema_keyword": {
            "zh": "schema 检查不支持 {keyword}；请改用 {instead}",
            "en": "schema tests do not support {keyword}; use {instead}",
        },
        # --- testing: a rule's own cases
        "invalid": {
            "zh": "测试用例的中心片段不符合格式：{problems}",
            "en": "the case's center snippet is not a valid description: {problems}",
        },
        "status": {"zh": "应为 {expected}，实际为 {actual}", "en": "expected {expected}, got {actual}"},
        "pointer": {
            "zh": "应指向 {expected}，实际指向 {actual}",
            "en": "expected a finding at {expected}, got {actual}",
        },
        "error": {"zh": "规则出错：{error}", "en": "the rule raised an error: {error}"},
        # --- lint: advice on a ruleset
        "no_clause": {
            "zh": "规则 {rule} 引用的条款 {clause} 不在标准 {standard} 中",
            "en": "rule {rule} cites clause {clause}, which is not in standard {standard}",
        },
        "manual_clause": {
            "zh": "规则 {rule} 检查的条款 {clause} 在标准中标为人工评估；请去掉 manual 或改引其他条款",
            "en": "rule {rule} checks clause {clause}, which the standard marks manual; unmark it or cite another clause",
        },
        "no_standard": {
            "zh": "规则集引用的标准 {standard} 未随附；请在 standards/ 下提供",
            "en": "the ruleset's standard {standard} is not bundled; add it under standards/",
        },
        "cases": {
            "zh": "规则 {rule} 的测试用例须至少各有一个 pass 和 fail",
            "en": "rule {rule} needs at least one passing and one failing test case",
        },
        "bare_param": {
            "zh": "规则 {rule} 的整改建议直接写了参数名 {names}；请写成 {{param.名称}}，报告中会换成该参数的取值（字段名请用 `反引号`）",
            "en": "rule {rule}'s remediation names parameter {names} as a word; write {{param.NAME}} so reports show its value (put field names in `backticks`)",
        },
        "unused_param": {
            "zh": "参数 {name} 未被任何规则使用",
            "en": "parameter {name} is not used by any rule",
        },
    }
)
