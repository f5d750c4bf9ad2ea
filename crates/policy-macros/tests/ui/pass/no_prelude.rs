// The expansion names everything by its full path: it compiles in a
// module without the prelude.
#![no_implicit_prelude]

fn main() {
    let file = ::polc_macros::policy! {
        trust Web {
            allow service "ecs-tasks.amazonaws.com" to sts:AssumeRole
                if aws:SourceAccount == "111122223333"
        }
        policy Ops {
            allow ecs:DescribeClusters on "*" if aws:RequestedRegion == "eu-west-1"
        }
    };
    ::std::assert_eq!(file.len(), 2);
}
