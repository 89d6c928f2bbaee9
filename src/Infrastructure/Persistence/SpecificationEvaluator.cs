using System.Linq.Expressions;
using Ardalis.Specification;
using Microsoft.EntityFrameworkCore;

namespace Planck.Infrastructure.Persistence;

/// <summary>
/// Applies a specification to an EF query: filters, includes, ordering, paging and tracking. The EF adapter
/// package is not available here and we use a small part of it, so this is our own.
/// </summary>
public sealed class SpecificationEvaluator : Application.Common.Abstractions.ISpecificationEvaluator
{
    public IQueryable<T> Apply<T>(IQueryable<T> source, ISpecification<T> specification)
        where T : class
    {
        var query = source;
        foreach (var where in specification.WhereExpressions)
        {
            query = query.Where(where.Filter);
        }

        query = ApplyIncludes(query, specification.IncludeExpressions);
        query = ApplyOrdering(query, specification.OrderExpressions);

        if (specification.Skip is > 0 and var skip)
        {
            query = query.Skip(skip);
        }

        // Ardalis.Specification marks an unset Take with -1; Take(0) is a real request for no rows.
        if (specification.Take is >= 0 and var take)
        {
            query = query.Take(take);
        }

        if (specification.AsNoTracking)
        {
            query = query.AsNoTracking();
        }

        return query;
    }

    private static IQueryable<T> ApplyIncludes<T>(IQueryable<T> query, IEnumerable<IncludeExpressionInfo> includes)
        where T : class
    {
        string? path = null;
        foreach (var include in includes)
        {
            var member = MemberPath(include.LambdaExpression.Body);
            path = include.Type == IncludeTypeEnum.ThenInclude && path is not null ? $"{path}.{member}" : member;
            query = query.Include(path);
        }

        return query;
    }

    private static IQueryable<T> ApplyOrdering<T>(IQueryable<T> query, IEnumerable<OrderExpressionInfo<T>> orderings)
    {
        IOrderedQueryable<T>? ordered = null;
        foreach (var order in orderings)
        {
            ordered = order.OrderType switch
            {
                OrderTypeEnum.OrderBy => query.OrderBy(order.KeySelector),
                OrderTypeEnum.OrderByDescending => query.OrderByDescending(order.KeySelector),
                OrderTypeEnum.ThenBy => (ordered ?? throw ThenWithoutOrder()).ThenBy(order.KeySelector),
                OrderTypeEnum.ThenByDescending => (ordered ?? throw ThenWithoutOrder()).ThenByDescending(order.KeySelector),
                _ => throw new NotSupportedException($"Unknown ordering {order.OrderType}."),
            };
            query = ordered;
        }

        return query;
    }

    private static string MemberPath(Expression body) =>
        body switch
        {
            MemberExpression { Expression: ParameterExpression } member => member.Member.Name,
            MemberExpression member => $"{MemberPath(member.Expression!)}.{member.Member.Name}",
            UnaryExpression { NodeType: ExpressionType.Convert } convert => MemberPath(convert.Operand),
            _ => throw new NotSupportedException($"Include path '{body}' is not a simple member path."),
        };

    private static InvalidOperationException ThenWithoutOrder() => new("ThenBy needs an OrderBy before it.");
}
