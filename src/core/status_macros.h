// Propagation helpers for absl::Status / absl::StatusOr, which Abseil 20220623 lacks.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ICP_CONCAT_INNER(a, b) a##b
#define ICP_CONCAT(a, b) ICP_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` yields a non-OK status.
#define RETURN_IF_ERROR(expr) RETURN_IF_ERROR_IMPL(ICP_CONCAT(icp_status_, __COUNTER__), expr)
#define RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                  \
    ::absl::Status tmp = (expr);        \
    if (!tmp.ok()) return tmp;          \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a StatusOr or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(ICP_CONCAT(icp_statusor_, __COUNTER__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
