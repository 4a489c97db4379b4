/*
 * docscreen.h - the whole public API, one header per concept:
 *
 *   doc.h      opening a file: errors, limits, triage, ds_doc
 *   model.h    what a document holds (paragraphs, tables, sheets, cells)
 *   count.h    Word's and LibreOffice's word counts
 *   cases.h    a document's cases (the parts a profile asks for)
 *   engine.h   plugins and profiles loaded, files checked
 *   report.h   the results, written in a format
 *   pool.h     files checked in worker processes
 *   plugin.h   what a rule plugin is given and gives (for plugin authors)
 *
 * Including this one includes doc.h, engine.h, report.h and pool.h.
 */
#ifndef DOCSCREEN_DOCSCREEN_H
#define DOCSCREEN_DOCSCREEN_H

#include "doc.h"
#include "engine.h"
#include "pool.h"
#include "report.h"

#endif
