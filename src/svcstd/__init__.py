"""svcstd: check government service center descriptions against versioned standards.

Where each step of the pipeline lives (data flows one way, top to bottom):

- load: ``files`` (read a file within bounds) → ``loader`` (one YAML document, safely) →
  ``document`` and ``places`` (the data, and where each value stands) → ``centerfiles``
  (which files make a center, and which paths hold centers)
- validate: ``schemacheck`` (any schema's errors as positioned problems) → ``validate``
  (a center's schema, ids, references and YAML 1.1/1.2 spellings)
- rules and standards: ``rules/`` (bundled lookup, ``extends`` merging, compiling,
  tailoring, the rule language), ``standards``, ``waivers``, ``assessment``
- evaluate: ``engine``
- score: ``scoring/`` (XCCDF models, the points sheet)
- assemble: ``assembly`` → ``result`` (what every renderer reads), ``jsonform`` (its JSON)
- render: ``report/`` (one module or package per format), ``output`` (the one writer),
  ``terminal`` (the one way text reaches a terminal)
- run: ``audit`` (centers in order, cache), ``workers`` (a batch over processes), ``gates``,
  ``cli/``

Across all of them: ``errors`` (positioned problems, exit codes), ``i18n`` and each
package's ``messages`` (every text in Chinese and English), ``registry`` (lookup by name
with the nearest names), ``cache``.
"""

__version__ = "0.1.0"
