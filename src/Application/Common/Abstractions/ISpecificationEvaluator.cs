using Ardalis.Specification;

namespace Planck.Application.Common.Abstractions;

public interface ISpecificationEvaluator
{
    IQueryable<T> Apply<T>(IQueryable<T> source, ISpecification<T> specification)
        where T : class;
}
