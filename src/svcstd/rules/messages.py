"""The messages of the rule language and its tooling (loading and checking rulesets,
conditions, value tests, rule cases, lint), in Chinese and English: one catalog, ``_``,
with a section per module that uses it.

Keys are unique across the package; ``tests/test_messages.py`` checks that every key used
is defined and every key defined is used.
"""

from __future__ import annotations

from svcstd.i18n import Catalog

_ = Catalog(
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
    }
)
